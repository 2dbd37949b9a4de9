import CrescentTestSupport
import Foundation
import Testing

/// Notifications end to end against a local HTTP server: each vendor's payload as its robot API
/// documents it (WeCom, DingTalk signed, Feishu signed, a plain webhook), routing by rule and
/// severity, secrets from the environment, failures retried and recorded without failing the run,
/// and a script's notifications sent only when its run commits.
@Suite(.serialized) struct NotifyCommandTests {
    static let rule = """
        crm.alert { name = "big-customer", severity = "critical", check = function(emit)
          emit { key = "C1", subject = "上海明珠贸易有限公司 needs a visit", message = "Revenue **down** 30%", owner = "R1" }
        end }
        crm.alert { name = "quiet", severity = "info", check = function(emit) emit { key = "C2", subject = "Acme is quiet" } end }

        """

    func fixture(_ backend: Backend, _ server: LoopbackServer, extra: String = "") throws -> CommandLineFixture {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("rules/rules.lua", Self.rule)
        let base = "http://127.0.0.1:\(server.port)"
        try cli.write("crescent.toml", """
            [channels.wecom]
            type = "wecom"
            url = "\(base)/cgi-bin/webhook/send?key=${WECOM_KEY}"
            [channels.dingtalk]
            type = "dingtalk"
            url = "\(base)/robot/send?access_token=tok"
            secret = "${DINGTALK_SECRET}"
            [channels.feishu]
            type = "feishu"
            url = "\(base)/open-apis/bot/v2/hook/abc"
            secret = "${FEISHU_SECRET}"
            [channels.ops]
            type = "webhook"
            url = "\(base)/hook"
            [alerts]
            critical = ["wecom", "dingtalk", "feishu"]
            info = []
            rules = { quiet = ["ops"] }
            [delivery]
            backoff = 0
            \(extra)
            """)
        return cli
    }

    static let secrets = ["WECOM_KEY": "k-123", "DINGTALK_SECRET": "SECdingtalk", "FEISHU_SECRET": "feishu-secret"]

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], Comment(rawValue: text))
    }

    @Test(arguments: Backend.available) func eachVendorGetsItsOwnPayload(_ backend: Backend) throws {
        let server = try LoopbackServer()
        server.answer = #"{"errcode":0,"errmsg":"ok","code":0,"msg":"success"}"#
        let cli = try fixture(backend, server)
        let run = try cli.run(["alerts", "run", "--rules", "rules", "--format", "jsonl"], environment: Self.secrets)
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run)")
        let requests = Dictionary(uniqueKeysWithValues: zip(server.requested.map { String($0.split(separator: "?")[0]) }, zip(server.requested, server.received)))
        #expect(Set(requests.keys) == ["/cgi-bin/webhook/send", "/robot/send", "/open-apis/bot/v2/hook/abc", "/hook"], "\(server.requested)")

        let wecom = try #require(requests["/cgi-bin/webhook/send"])
        #expect(wecom.0 == "/cgi-bin/webhook/send?key=k-123")  // the key from the environment
        let wecomBody = try json(wecom.1)
        #expect(wecomBody["msgtype"] as? String == "markdown")
        let content = try #require((wecomBody["markdown"] as? [String: Any])?["content"] as? String)
        #expect(content == "**[critical] 上海明珠贸易有限公司 needs a visit**\nRevenue **down** 30%\n\n> big-customer · 王伟 (R1) · \(CalendarDay.today)")

        // DingTalk: timestamp (ms) and sign on the URL; the sign checks out as DingTalk computes it.
        let dingtalk = try #require(requests["/robot/send"])
        let query = try #require(URLComponents(string: dingtalk.0)?.queryItems)
        let timestamp = try #require(query.first { $0.name == "timestamp" }?.value), sign = try #require(query.first { $0.name == "sign" }?.value)
        #expect(query.first { $0.name == "access_token" }?.value == "tok" && timestamp.count == 13)
        try runPython("""
            import base64, hmac, hashlib, sys
            ts, secret, sign = sys.argv[1], sys.argv[2], sys.argv[3]
            expected = base64.b64encode(hmac.new(secret.encode(), f"{ts}\\n{secret}".encode(), hashlib.sha256).digest()).decode()
            assert sign == expected, (sign, expected)
            """, [timestamp, "SECdingtalk", sign])
        let dingBody = try json(dingtalk.1)
        let markdown = try #require(dingBody["markdown"] as? [String: Any])
        #expect(dingBody["msgtype"] as? String == "markdown" && markdown["title"] as? String == "[critical] 上海明珠贸易有限公司 needs a visit")
        #expect((markdown["text"] as? String)?.hasPrefix("### [critical] 上海明珠贸易有限公司 needs a visit\n\nRevenue **down** 30%") == true)

        // Feishu: timestamp (s) and sign in the body, the HMAC of nothing keyed with "timestamp\nsecret".
        let feishu = try json(try #require(requests["/open-apis/bot/v2/hook/abc"]).1)
        let seconds = try #require(feishu["timestamp"] as? String), feishuSign = try #require(feishu["sign"] as? String)
        try runPython("""
            import base64, hmac, hashlib, sys
            ts, secret, sign = sys.argv[1], sys.argv[2], sys.argv[3]
            expected = base64.b64encode(hmac.new(f"{ts}\\n{secret}".encode(), b"", hashlib.sha256).digest()).decode()
            assert sign == expected, (sign, expected)
            """, [seconds, "feishu-secret", feishuSign])
        let post = try #require(((feishu["content"] as? [String: Any])?["post"] as? [String: Any])?["zh_cn"] as? [String: Any])
        #expect(feishu["msg_type"] as? String == "post" && post["title"] as? String == "[critical] 上海明珠贸易有限公司 needs a visit")
        let lines = try #require(post["content"] as? [[[String: String]]])
        #expect(lines.first == [["tag": "text", "text": "Revenue **down** 30%"]] && lines.count == 3)

        // The plain webhook gets the alert's own object; the rule's route wins over its severity's (none).
        let hook = try json(try #require(requests["/hook"]).1)
        #expect(hook["rule"] as? String == "quiet" && hook["key"] as? String == "C2" && hook["severity"] as? String == "info")

        let list = try cli.run(["notify", "list", "--format", "json"])
        let sent = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(sent.count == 4 && sent.allSatisfy { $0["status"] as? String == "sent" && $0["attempts"] as? Int == 1 })
        let again = try cli.run(["alerts", "run", "--rules", "rules"], environment: Self.secrets)
        #expect(again.status == 0 && server.received.count == 4)  // nothing new: nothing sent twice
    }

    @Test(arguments: Backend.available) func failuresAreRetriedAndRecordedAndNeverFailTheRun(_ backend: Backend) throws {
        let server = try LoopbackServer()
        server.answer = #"{"errcode":310000,"errmsg":"sign not match"}"#
        let cli = try fixture(backend, server)
        var environment = Self.secrets
        environment["FEISHU_SECRET"] = nil
        let run = try cli.run(["alerts", "run", "--rules", "rules"], environment: environment)
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr.contains("not sent to dingtalk (\"[critical] 上海明珠贸易有限公司 needs a visit\"): refused with code 310000: sign not match"))
        #expect(run.stderr.contains("not sent to feishu") && run.stderr.contains("channels.feishu.secret: the environment variable FEISHU_SECRET is not set"))
        #expect(server.requested.filter { $0.hasPrefix("/robot/send") }.count == 3)  // tried three times in the run
        let pending = try cli.run(["notify", "list", "--status", "pending", "--format", "json"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(pending.stdout.utf8)) as? [[String: Any]])
        #expect(Set(items.map { $0["channel"] as? String }) == ["wecom", "dingtalk", "feishu"] && items.allSatisfy { $0["attempts"] as? Int == 1 })

        // Fixed: the next delivery sends what was pending, once.
        server.answer = #"{"errcode":0,"errmsg":"ok","code":0}"#
        let sent = try cli.run(["notify", "send"], environment: Self.secrets)
        #expect(sent.status == 0 && sent.stderr.isEmpty, "\(sent)")
        let after = try cli.run(["notify", "list", "--status", "pending", "--format", "json"])
        #expect(after.stdout == "[]\n")
    }

    @Test func anUnresponsiveChannelCostsTheDeadlineAndNoMore() throws {
        let server = try LoopbackServer()
        server.status = 0
        let cli = try fixture(.sqlite, server, extra: "timeout = 0.5\ndeadline = 1.5")
        let start = Date()
        let run = try cli.run(["alerts", "run", "--rules", "rules"], environment: Self.secrets)
        #expect(run.status == 0 && Date().timeIntervalSince(start) < 6, "\(run)")
        #expect(run.stderr.contains("no answer within 0.5 s"), "\(run.stderr)")
    }

    @Test func aScriptNotifiesOnlyWhenItsRunCommits() throws {
        let server = try LoopbackServer()
        server.answer = #"{"errcode":0}"#
        let cli = try fixture(.sqlite, server)
        try cli.write("ok.lua", "crm.notify('wecom', {title = '本周回款', text = '华东一组完成 120%'})\n")
        try cli.write("failing.lua", "crm.notify('wecom', {title = 'never'})\nerror('stop')\n")
        #expect(try cli.run(["run", "failing.lua"], environment: Self.secrets).status == 70)
        #expect(try cli.run(["run", "--dry-run", "ok.lua"], environment: Self.secrets).status == 0)
        #expect(server.received.isEmpty)
        let ok = try cli.run(["run", "ok.lua"], environment: Self.secrets)
        #expect(ok.status == 0 && server.received.count == 1, "\(ok)")
        #expect(server.received.first?.contains("**本周回款**\\n华东一组完成 120%") == true, "\(server.received)")
        let list = try cli.run(["notify", "list"])
        #expect(list.stdout.contains("wecom") && list.stdout.contains("本周回款") && list.stdout.contains("sent"))
        let unknown = try cli.run(["notify", "test", "wecon"], environment: Self.secrets)
        #expect(unknown.status == 64 && unknown.stderr.contains("no channel 'wecon' (did you mean 'wecom'?)"), "\(unknown)")
        let test = try cli.run(["notify", "test", "wecom"], environment: Self.secrets)
        #expect(test == .init(status: 0, stdout: "sent to wecom\n", stderr: ""))
    }
}

/// Today as the alert runs give it (`raised_on`).
enum CalendarDay {
    static var today: String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: Date())
    }
}

/// Email through a local SMTP server (a few lines of Python): the envelope, the login, and a
/// UTF-8 subject and body that arrive intact.
@Suite struct MailChannelTests {
    static let server = """
        import base64, socket, sys
        s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
        print(s.getsockname()[1], flush=True)
        c, _ = s.accept(); f = c.makefile("rb")
        def say(line): c.sendall((line + "\\r\\n").encode())
        say("220 test ESMTP")
        log = []
        while True:
            raw = f.readline()
            if not raw: break
            line = raw.decode().rstrip("\\r\\n")
            verb = line.split(" ")[0].upper()
            if verb == "AUTH" and len(line.split(" ")) == 2:  # the credentials after a challenge
                say("334 "); line = "AUTH PLAIN " + f.readline().decode().rstrip("\\r\\n")
            log.append(line)
            if verb == "EHLO": say("250-test"); say("250 AUTH PLAIN")
            elif verb == "AUTH": say("235 ok")
            elif verb in ("MAIL", "RCPT"): say("250 ok")
            elif verb == "DATA":
                say("354 go")
                while True:
                    data = f.readline().decode()
                    if data.rstrip("\\r\\n") == ".": break
                    log.append(data.rstrip("\\r\\n"))
                say("250 queued")
            elif verb == "QUIT": say("221 bye"); break
            else: say("250 ok")
        open(sys.argv[1], "w").write("\\n".join(log))
        """

    @Test func aMailArrivesWithItsChineseIntact() throws {
        let cli = try CommandLineFixture(.sqlite).seeded()
        let log = NSTemporaryDirectory() + "smtp-\(UUID().uuidString).log"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", Self.server, log]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let port = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        try cli.write("crescent.toml", """
            [channels.mail]
            type = "email"
            url = "smtp://127.0.0.1:\(port)"
            from = "crescent@example.com"
            to = ["ops@example.com", "li.fang@example.com"]
            user = "bot"
            password = "${SMTP_PASSWORD}"

            """)
        let sent = try cli.run(["notify", "test", "mail", "--text", "华东一组本周回款 120%"], environment: ["SMTP_PASSWORD": "s3cret"])
        process.waitUntilExit()
        #expect(sent == .init(status: 0, stdout: "sent to mail\n", stderr: ""), "\(sent)")
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("MAIL FROM:<crescent@example.com>") && lines.contains("RCPT TO:<ops@example.com>")
                && lines.contains("RCPT TO:<li.fang@example.com>"), "\(lines)")
        let auth = try #require(lines.first { $0.hasPrefix("AUTH PLAIN ") }.map { String($0.dropFirst(11)) })
        #expect(Data(base64Encoded: auth).map { String(decoding: $0, as: UTF8.self) } == "\u{0}bot\u{0}s3cret")
        #expect(lines.contains("Subject: =?UTF-8?B?\(Data("Crescent test message".utf8).base64EncodedString())?="))
        let body = lines.drop { !$0.isEmpty }.dropFirst().prefix { $0 != "QUIT" }.joined()
        #expect(Data(base64Encoded: body).map { String(decoding: $0, as: UTF8.self) } == "华东一组本周回款 120%", "\(lines)")
        try? FileManager.default.removeItem(atPath: log)
    }
}
