import CrescentStore

/// Who may use the workbench, and the store each one sees.
public enum WebAccess: Sendable {
    /// One analyst on this machine: no sign-in, the whole store.
    case open(any RecordStore)
    /// Everyone signs in: `signIn` opens the store as the person of a login and password (on a
    /// shared server, as their role, so that its row-level security applies), or throws.
    case signIn(@Sendable (_ login: String, _ password: String) throws -> any RecordStore)
}
