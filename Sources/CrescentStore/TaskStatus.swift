/// Where a follow-up task stands: open until a rep does it or it is called off.
public enum TaskStatus: String, CaseIterable, Sendable {
    case open, done, cancelled
}
