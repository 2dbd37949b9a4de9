/// The canonical columns of every entity (see docs/data.md).
enum EntitySchema {
    static func fields(of entity: Entity) -> [Field] {
        switch entity {
        case .teams:
            return [Field("id", required: true), Field("name", required: true), Field("region"),
                    Field("parent_id", references: .teams), Field("manager_id")]
        case .reps:
            return [Field("id", required: true), Field("name", required: true), Field("email"),
                    Field("team_id", references: .teams), Field("role", .choice(["rep", "manager"])),
                    Field("level", .choice(["junior", "mid", "senior"])), Field("hired_on", .date)]
        case .products:
            return [Field("id", required: true), Field("name", required: true), Field("category"),
                    Field("list_price", .decimal), Field("cost", .decimal)]
        case .customers:
            return [Field("id", required: true), Field("name", required: true), Field("industry"),
                    Field("employees", .integer), Field("region"), Field("owner_id", references: .reps),
                    Field("created_on", .date), Field("source"), Field("status")]
        case .contacts:
            return [Field("id", required: true), Field("customer_id", required: true, references: .customers),
                    Field("name", required: true), Field("email"), Field("phone"), Field("title")]
        case .orders:
            return [Field("id", required: true), Field("customer_id", required: true, references: .customers),
                    Field("rep_id", references: .reps), Field("product_id", references: .products),
                    Field("ordered_on", .date, required: true), Field("quantity", .number),
                    Field("amount", .decimal, required: true), Field("currency", .currency)]
        case .deals:
            return [Field("id", required: true), Field("customer_id", required: true, references: .customers),
                    Field("owner_id", references: .reps), Field("name"), Field("amount", .decimal),
                    Field("currency", .currency), Field("stage", required: true),
                    Field("status", .choice(["open", "won", "lost"]), required: true), Field("created_on", .date),
                    Field("expected_close_on", .date), Field("closed_on", .date), Field("lost_reason")]
        case .dealStageHistory:
            return [Field("deal_id", required: true, references: .deals), Field("stage", required: true),
                    Field("entered_at", .timestamp, required: true)]
        case .activities:
            return [Field("id", required: true), Field("rep_id", required: true, references: .reps),
                    Field("customer_id", references: .customers), Field("deal_id", references: .deals),
                    Field("kind", required: true), Field("occurred_at", .timestamp, required: true),
                    Field("duration_min", .number), Field("outcome"), Field("notes")]
        case .targets:
            return [Field("scope", .choice(["company", "team", "rep"]), required: true), Field("scope_id"),
                    Field("metric", required: true), Field("period", .period, required: true),
                    Field("value", .decimal, required: true)]
        case .surveys:
            return [Field("customer_id", required: true, references: .customers), Field("rep_id", references: .reps),
                    Field("score", .number, required: true), Field("responded_on", .date, required: true),
                    Field("comment")]
        case .fxRates:
            return [Field("currency", .currency, required: true), Field("rate_to_base", .decimal, required: true),
                    Field("valid_from", .date, required: true)]
        case .tasks:
            return [Field("id", required: true), Field("owner_id", references: .reps),
                    Field("customer_id", references: .customers), Field("deal_id", references: .deals),
                    Field("kind", required: true), Field("subject", required: true), Field("due_on", .date, required: true),
                    Field("status", .choice(TaskStatus.allCases.map(\.rawValue)), required: true), Field("done_on", .date), Field("source"),
                    Field("created_at", .timestamp)]
        }
    }

    static func key(of entity: Entity) -> [String] {
        switch entity {
        case .dealStageHistory: return ["deal_id", "stage", "entered_at"]
        case .targets: return ["scope", "scope_id", "metric", "period"]
        case .surveys: return ["customer_id", "rep_id", "responded_on"]
        case .fxRates: return ["currency", "valid_from"]
        default: return ["id"]
        }
    }
}
