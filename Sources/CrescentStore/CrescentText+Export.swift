// Every layer words what people read through the one catalog of CrescentText (Language, Words,
// Message): the store's errors are messages too, so every module above sees it through this one.
@_exported import CrescentText
