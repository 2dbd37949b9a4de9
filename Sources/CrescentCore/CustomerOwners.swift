import CrescentStore

/// Customers' names and owners, and reps' names, read once for a list of records: the customers by
/// their ids only (a store of a million is not read whole for a page of them).
public struct CustomerOwners: Sendable {
    private var names: [String: String] = [:], owners: [String: String] = [:]
    private let repNames: [String: String]

    public init(_ store: any RecordStore, ids: [String]) throws(StoreError) {
        repNames = try store.names(of: .reps)
        for record in try store.records(.customers, ids: ids) {
            guard let id = record["id"]?.text else { continue }
            names[id] = record["name"]?.text ?? ""
            owners[id] = record["owner_id"]?.text ?? ""
        }
    }

    public func name(_ customer: String) -> String { names[customer] ?? "" }

    /// The owner's id and name.
    public func owner(_ customer: String) -> [String] {
        let id = owners[customer] ?? ""
        return [id, repName(id)]
    }

    public func repName(_ rep: String) -> String { repNames[rep] ?? "" }
}
