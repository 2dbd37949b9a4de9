@testable import CrescentPostgres
import CrescentStore
import CrescentTestSupport
import Foundation
import Testing

/// A rep with psql access attacks the policies' functions: shadowing the tables they read with a
/// temporary table, a function or operator of their own in `public`, or objects in a schema of
/// their own. Members can create none of these; and where an administrator grants them the means,
/// visibility still does not change. Real roles on the test server.
@Suite(.enabled(if: Backend.serverURL != nil, "CRESCENT_TEST_POSTGRES is not set: no PostgreSQL server for the access tests"),
       .serialized)
struct AccessAttackTests {
    /// Roles are the server's, not one database's: these tests take turns with AccessTests' reps.
    static let reps = "id,name,team_id\nA1,Alice,TA\nA2,Bob,TB\n"

    func fixture() throws -> (cli: CommandLineFixture, owner: PostgresLink, rep: PostgresLink) {
        let cli = try CommandLineFixture(.postgres)
        try cli.run(["init"])
        try cli.write("teams.csv", "id,name\nTA,A\nTB,B\n")
        try cli.write("reps.csv", Self.reps)
        try cli.write("customers.csv", "id,name,owner_id\nC1,Mine,A1\nC2,Theirs,A2\nC3,Theirs too,A2\n")
        for entity in ["teams", "reps", "customers"] { #expect(try cli.run(["import", entity, "\(entity).csv"]).status == 0) }
        try cli.write("rules/own.lua", """
            crm.alert { name = "own", severity = "critical", check = function(emit)
              for _, c in ipairs(crm.find("customers")) do emit { key = c.id, subject = c.name, owner = c.owner_id } end
            end }
            """)
        #expect(try cli.run(["alerts", "run", "--rules", "rules"]).status == 0)
        #expect(try cli.run(["admin", "roles"]).status == 0)
        #expect(try cli.run(["admin", "policies"]).status == 0)
        let url = try #require(cli.database?.url)
        let owner = try PostgresStore(url: url).link
        try owner.query("ANALYZE")  // statistics exist: pg_stats must not show them to a rep
        return (cli, owner, try PostgresStore(url: url.replacingOccurrences(of: "://crescent@", with: "://a1@")).link)
    }

    /// What the rep sees: customers, the reps the visibility function names, and other reps'
    /// alerts they could acknowledge.
    func seen(by rep: PostgresLink) throws -> [String] {
        let customers = try rep.query("SELECT id FROM public.customers ORDER BY id").map { try $0.decode(String.self) }
        let reps = try rep.query("SELECT * FROM public.crescent_visible_reps() ORDER BY 1").map { try $0.decode(String.self) }
        let acked = try rep.query("UPDATE public.alerts SET status = 'acked' WHERE key <> 'C1' RETURNING key")
            .map { try $0.decode(String.self) }
        return customers + ["|"] + reps + ["|"] + acked
    }

    func denied(_ rep: PostgresLink, _ sql: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try rep.query(sql)
            Issue.record("a rep ran: \(sql)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.exitCode == 77, "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func repsCanCreateNothingThatShadowsTheStore() throws {
        let (cli, _, rep) = try fixture()
        defer { _ = try? cli.run(["admin", "drop-roles"]) }
        #expect(try seen(by: rep) == ["C1", "|", "A1", "|"])
        denied(rep, "CREATE TEMP TABLE crescent_roles (role_name text, rep_id text)")
        denied(rep, "CREATE TABLE public.crescent_roles_2 (role_name text)")
        denied(rep, "CREATE FUNCTION public.session_rep() RETURNS text LANGUAGE sql AS $$ SELECT 'A2' $$")
        denied(rep, "CREATE SCHEMA a1")
        // Row counts per table are the server's statistics, readable by all (see docs/shared-store.md);
        // the values in the statistics are not.
        #expect(try rep.query("SELECT count(*) FROM pg_stats WHERE tablename = 'customers'").first?.decode(Int.self) == 0)
        #expect(try seen(by: rep) == ["C1", "|", "A1", "|"])
    }

    /// Each way to shadow, given the means by an administrator: the functions still see through.
    @Test(arguments: [
        ("TEMP", "pg_temp"),  // temporary objects, which the server searches first unless told otherwise
        ("CREATE", "public"),  // the store's own schema
        ("SCHEMA", "a1"),  // the rep's own schema, first on the default path ("$user")
    ])
    func shadowingChangesNothing(grant: String, schema: String) throws {
        let (cli, owner, rep) = try fixture()
        defer { _ = try? cli.run(["admin", "drop-roles"]) }
        switch grant {
        case "TEMP": try owner.query("GRANT TEMPORARY ON DATABASE \"\(try #require(cli.database?.name))\" TO a1")
        case "CREATE": try owner.query("GRANT CREATE ON SCHEMA public TO a1")
        default: try owner.query("CREATE SCHEMA a1 AUTHORIZATION a1")
        }
        if schema == "public" {
            // The store's tables are there already; an equality that always holds could stand in for pg_catalog's.
            try rep.query("CREATE FUNCTION public.always(text, text) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$")
            try rep.query("CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = text, FUNCTION = public.always)")
            try rep.query("CREATE FUNCTION public.session_user() RETURNS name LANGUAGE sql AS $$ SELECT 'crescent'::name $$")
        } else {
            // The tables the functions read, claiming that this rep is every rep and manages every team.
            let create = schema == "pg_temp" ? { (table: String) in "CREATE TEMP TABLE \(table)" }
                                             : { (table: String) in "CREATE TABLE a1.\(table)" }
            try rep.query(create("crescent_roles") + " AS SELECT 'a1'::text AS role_name, v.id AS rep_id FROM (VALUES ('A1'), ('A2')) v(id)")
            try rep.query(create("teams") + " AS SELECT v.id, 'A1'::text AS manager_id, NULL::text AS parent_id FROM (VALUES ('TA'), ('TB')) v(id)")
            try rep.query(create("reps") + " AS SELECT v.id, v.team AS team_id FROM (VALUES ('A1', 'TA'), ('A2', 'TB')) v(id, team)")
            try rep.query(create("customers") + " AS SELECT 'C2'::text AS id")
            #expect(try rep.query("SELECT count(*) FROM \(schema).crescent_roles").first?.decode(Int.self) == 2)
        }
        #expect(try seen(by: rep) == ["C1", "|", "A1", "|"], "shadowing in \(schema)")
        // Crescent's own client, as this rep, sees the store's tables, not the rep's look-alikes.
        let url = try #require(cli.database?.url).replacingOccurrences(of: "://crescent@", with: "://a1@")
        #expect(try cli.run(["export", "customers", "--store", url]).stdout.split(separator: "\n").count == 2)
    }
}
