import CrescentTestSupport
import Foundation
import Testing

/// docs/openapi.json against the server: every path, called with its parameters' examples, answers
/// a status it declares with JSON that has the declared shape (required fields, types, enums,
/// nullability, items), and an error has the declared error shape.
@Suite struct OpenAPITests {
    nonisolated(unsafe) static let spec: [String: Any] = {
        let data = (try? Data(contentsOf: CommandLineFixture.repository.appendingPathComponent("docs/openapi.json"))) ?? Data()
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }()

    /// The problems of `value` against `schema`, each naming where in the answer.
    static func problems(_ value: Any, _ schema: [String: Any], at place: String) -> [String] {
        if let reference = schema["$ref"] as? String {
            let name = String(reference.split(separator: "/").last ?? "")
            let schemas = (spec["components"] as? [String: Any])?["schemas"] as? [String: Any]
            guard let resolved = schemas?[name] as? [String: Any] else { return ["\(place): no schema \(reference)"] }
            return problems(value, resolved, at: place)
        }
        if value is NSNull { return schema["nullable"] as? Bool == true || schema["type"] == nil ? [] : ["\(place): null"] }
        if let allowed = schema["enum"] as? [String], let text = value as? String, !allowed.contains(text) {
            return ["\(place): '\(text)' is not one of \(allowed)"]
        }
        switch schema["type"] as? String {
        case "object":
            guard let object = value as? [String: Any] else { return ["\(place): not an object"] }
            var found = ((schema["required"] as? [String]) ?? []).filter { object[$0] == nil }.map { "\(place).\($0): missing" }
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            for (key, item) in object {
                if let property = properties[key] { found += problems(item, property, at: "\(place).\(key)") }
                else if let extra = schema["additionalProperties"] as? [String: Any] { found += problems(item, extra, at: "\(place).\(key)") }
            }
            return found
        case "array":
            guard let array = value as? [Any] else { return ["\(place): not an array"] }
            let items = schema["items"] as? [String: Any] ?? [:]
            return array.enumerated().flatMap { problems($0.element, items, at: "\(place)[\($0.offset)]") }
        case "string": return value is String ? [] : ["\(place): not a string"]
        case "boolean": return isBoolean(value) ? [] : ["\(place): not a boolean"]
        case "integer":
            guard let number = value as? NSNumber, !isBoolean(value) else { return ["\(place): not an integer"] }
            return number.doubleValue == number.doubleValue.rounded() ? [] : ["\(place): \(number) is not an integer"]
        case "number": return value is NSNumber && !isBoolean(value) ? [] : ["\(place): not a number"]
        default: return []
        }
    }

    /// JSON's true and false, not its numbers 0 and 1 (which Foundation would also cast to Bool).
    static func isBoolean(_ value: Any) -> Bool {
        type(of: value) == Bool.self || String(describing: type(of: value)).contains("Boolean")
    }

    @Test func everyPathAnswersAsDocumented() throws {
        let paths = try #require(Self.spec["paths"] as? [String: [String: Any]], "docs/openapi.json has no paths")
        #expect(paths.count >= 10)
        let cli = try ServeCommandTests().fixture()
        // A segmentation saved twice and open deals, for the segment and stage paths' examples.
        try cli.write("tiers.lua", "return crm.segmentation { name = 'big', tiers = { { name = 'A', when = function(c) return c.revenue_12m >= 1000 end } }, default = 'B' }\n")
        for day in ["2026-01-31", "2026-02-28"] { #expect(try cli.run(["segment", "run", "tiers.lua", "--as-of", day]).status == 0) }
        try cli.write("deals.csv", "id,customer_id,owner_id,name,amount,currency,stage,status\nD1,C1,R1,Big,5000,CNY,proposal,open\nD2,C2,R2,,,,proposal,open\n")
        #expect(try cli.run(["import", "deals", "deals.csv"]).status == 0)
        try cli.write("activities.csv", "id,rep_id,customer_id,kind,occurred_at\nA1,R1,C1,visit,2026-02-03T10:00:00Z\nA2,R1,,proposal,2026-02-04T10:00:00Z\n")
        #expect(try cli.run(["import", "activities", "activities.csv"]).status == 0)
        let server = try WebServer(cli)
        let web = try server.client()
        for (template, item) in paths.sorted(by: { $0.key < $1.key }) {
            let get = try #require(item["get"] as? [String: Any], "\(template)")
            var path = template, query: [String] = []
            for parameter in get["parameters"] as? [[String: Any]] ?? [] {
                guard let name = parameter["name"] as? String, let example = parameter["example"] else { continue }
                if parameter["in"] as? String == "path" { path = path.replacingOccurrences(of: "{\(name)}", with: "\(example)") }
                else { query.append("\(name)=\(example)") }
            }
            let answer = try web.get(path + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
            let responses = try #require(get["responses"] as? [String: [String: Any]], "\(template)")
            let declared = try #require(responses["\(answer.status)"], "\(template): status \(answer.status) is not declared: \(answer)")
            #expect(answer.status == 200, "\(template): \(answer)")
            #expect(answer.header("content-type") == "application/json; charset=utf-8", "\(template)")
            let schema = try #require(((declared["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any])
            let body = try #require(parsedJSON(answer.text), "\(template): not JSON: \(answer)")
            #expect(Self.problems(body, schema, at: template) == [], "\(answer.text.prefix(800))")
        }
        // Errors have the documented shape too.
        let missing = try web.get("/api/reports/nope")
        #expect(missing.status == 404 && Self.problems(parsedJSON(missing.text) ?? [:], ["$ref": "#/components/schemas/Error"], at: "404") == [])
        let bad = try web.get("/api/kpis/revenue?period=someday")
        #expect(bad.status == 400 && Self.problems(parsedJSON(bad.text) ?? [:], ["$ref": "#/components/schemas/Error"], at: "400") == [], "\(bad)")
    }
}
