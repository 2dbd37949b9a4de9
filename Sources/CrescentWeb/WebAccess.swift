import CrescentStore

/// Who may use the workbench, and the store each one sees.
public enum WebAccess: Sendable {
    /// One analyst on this machine: no sign-in, the whole store. `version` names the state of its
    /// data (it changes with every write, by anyone): pages are kept while it stays the same.
    case open(any RecordStore, version: @Sendable () -> String)
    /// Everyone signs in: `signIn` opens the store as the person of a login and password (on a
    /// shared server, as their role, so that its row-level security applies), or throws.
    /// `version` as for an open store.
    case signIn(@Sendable (_ login: String, _ password: String) throws -> any RecordStore, version: @Sendable () -> String)

    var version: @Sendable () -> String {
        switch self {
        case .open(_, let version), .signIn(_, let version): return version
        }
    }
}
