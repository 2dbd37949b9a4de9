/// Where a deal stands in the forecast, as Salesforce and HubSpot name the categories: closed
/// (won), commit (the rep is sure), best case (could close this period), pipeline (open, less
/// certain) and omitted (lost, or left out).
public enum ForecastCategory: String, CaseIterable, Sendable, Codable {
    case pipeline, bestCase = "best_case", commit, closed, omitted

    /// `best_case`, `best case`, `Best Case`, `bestcase`: as CRMs export the category.
    public init?(parsing text: String) {
        let key = text.lowercased().replacingOccurrences(of: " ", with: "_")
        if let known = ForecastCategory(rawValue: key == "bestcase" ? "best_case" : key) { self = known } else { return nil }
    }
}
