import GRDB

/// The ids of other entities a file may refer to, loaded once per import. Found by position: an
/// `Entity` key would hash its name on every lookup. (A `Set<String>` keeps short ids inline, so
/// that a lookup touches one place in memory; `IdIndex` costs three, and is slower here.)
struct ReferenceIndex: Sendable {
    private var targets: [Entity] = []
    private var idSets: [Set<String>] = []
    /// For the entities a profile looks references up in by name: name → ids.
    private var namedTargets: [Entity] = []
    private var idsByName: [[String: [String]]] = []
    let entity: Entity

    init(db: Database, plan: ImportPlan) throws {
        entity = plan.entity
        for target in Self.wanted(by: plan) {
            // Sized up front: growing a set of a million ids rehashes it many times.
            var set = Set<String>(minimumCapacity: try storedRowEstimate(db, target))
            let cursor = try String.fetchCursor(db, sql: "SELECT id FROM \(target.rawValue)")
            while let id = try cursor.next() { set.insert(id) }
            add(set, for: target)
        }
        for target in Self.lookedUp(by: plan) {
            let rows = try Row.fetchCursor(db, sql: "SELECT id, name FROM \(target.rawValue) WHERE name IS NOT NULL")
            var names: [(id: String, name: String)] = []
            while let row = try rows.next() { names.append((row[0], row[1])) }
            addNames(names, for: target)
        }
    }

    /// The ids (and, for look-ups, the names) of another backend, given entity by entity.
    init(plan: ImportPlan, ids load: (Entity) throws(StoreError) -> Set<String>,
         names loadNames: (Entity) throws(StoreError) -> [(id: String, name: String)]) throws(StoreError) {
        entity = plan.entity
        for target in Self.wanted(by: plan) { add(try load(target), for: target) }
        for target in Self.lookedUp(by: plan) { addNames(try loadNames(target), for: target) }
    }

    private mutating func addNames(_ names: [(id: String, name: String)], for target: Entity) {
        var index: [String: [String]] = [:]
        for (id, name) in names { index[name, default: []].append(id) }
        namedTargets.append(target)
        idsByName.append(index.mapValues { $0.sorted() })
    }

    /// The entities whose records a profile finds by name.
    private static func lookedUp(by plan: ImportPlan) -> Set<Entity> {
        Set(zip(plan.boundFields, plan.lookups).compactMap { $1 ? $0.references : nil })
    }

    /// The ids of the records of `target` named `name` (nil: the names of `target` were not loaded).
    func ids(named name: String, in target: Entity) -> [String]? {
        namedTargets.firstIndex(of: target).map { idsByName[$0][name] ?? [] }
    }

    private mutating func add(_ ids: Set<String>, for target: Entity) {
        targets.append(target)
        idSets.append(ids)
    }

    /// The entities a file's rows may refer to.
    private static func wanted(by plan: ImportPlan) -> Set<Entity> {
        var wanted = Set(plan.boundFields.compactMap(\.references))
        if plan.entity == .targets { wanted.formUnion([.teams, .reps]) }
        return wanted
    }

    /// The ids of `target` (none when not loaded).
    func ids(of target: Entity) -> Set<String> {
        targets.firstIndex(of: target).map { idSets[$0] } ?? []
    }

    func contains(_ id: String, in target: Entity) -> Bool { ids(of: target).contains(id) }

    /// Self-references (a team's parent) may point at a row later in the same file: check them at the end.
    func unresolvedSelfReferences(_ pending: SelfReferences) -> [SelfReferences.Reference] {
        pending.references.filter { !pending.idsInFile.contains($0.value) && !contains($0.value, in: entity) }
    }
}

struct SelfReferences: Sendable {
    typealias Reference = (line: Int, field: Int?, column: String, value: String)
    var idsInFile: Set<String> = []
    var references: [Reference] = []
}

