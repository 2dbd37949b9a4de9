import CrescentStore

/// A report as JSON: the document itself, block by block, with raw numbers (`ReportDocument+JSON`).
public enum JSONRenderer {
    public static func render(_ document: ReportDocument) -> String { JSONText.encode(document) + "\n" }

    /// A number as SVG data attributes write it.
    static func number(_ value: Double?) -> String { JSONText.number(value) }
}
