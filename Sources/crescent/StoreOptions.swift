import ArgumentParser
import CrescentStore
import Foundation

/// `--store PATH`, shared by every command that touches the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store file (default: $CRESCENT_STORE, else ./crescent.db).", valueName: "path"))
    var store: String?

    var path: String {
        store ?? ProcessInfo.processInfo.environment["CRESCENT_STORE"].flatMap { $0.isEmpty ? nil : $0 } ?? "crescent.db"
    }

    func open() throws(StoreError) -> any RecordStore { try SQLiteStore.open(at: path) }
}
