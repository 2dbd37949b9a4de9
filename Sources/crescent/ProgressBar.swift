import Foundation

/// A one-line progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar {
    private let label: String
    private let enabled: Bool
    private var lastPercent = -1

    init(_ label: String) {
        self.label = label
        enabled = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["CI"] == nil
    }

    func update(_ fraction: Double) {
        guard enabled else { return }
        let percent = Int((min(max(fraction, 0), 1) * 100).rounded(.down))
        guard percent != lastPercent else { return }
        lastPercent = percent
        let width = 30
        let filled = percent * width / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\(bar) \(percent)% \(label)".utf8))
    }

    /// Clears the bar; safe to call again (the error path's defer follows the normal clearing).
    func finish() {
        guard enabled, lastPercent >= 0 else { return }
        lastPercent = -1
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
