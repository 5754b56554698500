import PBXProtocol

extension ConformanceCheck {
    static let usersShape = ConformanceCheck(id: "users.shape", title: #"users answers {"users":[{"id":string,"name":string}]}"#) {
        context in
        var findings = Findings()
        var listed: [String]?
        for command in ["users", "user"] {
            guard let exchange = await context.probe(["cmd": command], command, into: &findings) else { continue }
            guard exchange.status == 200 else {
                findings.fail("\(command): \(Expect.describe(exchange))")
                continue
            }
            switch UsersList.parse(exchange.body) {
            case .success(let ids): listed = ids
            case .failure(let problem): findings.fail("\(command): \(problem.reason)")
            }
        }
        if let listed {
            if listed.isEmpty { findings.warn("no users: the PBX has nobody to map its accounts to") }
            let missing = context.options.expectedUsers.filter { !listed.contains($0) }
            if !missing.isEmpty { findings.fail("missing users: \(missing.joined(separator: ", "))") }
        }
        return findings.result(passing: "\(listed?.count ?? 0) users, both spellings")
    }
}

/// The ids of a `users` answer, or why it is not one.
enum UsersList {
    struct Problem: Error {
        var reason: String
    }

    static func parse(_ body: [UInt8]) -> Result<[String], Problem> {
        guard case .object(let object)? = JSONBody(body) else {
            return .failure(Problem(reason: "not a JSON object: \(Expect.excerpt(String(decoding: body, as: UTF8.self)))"))
        }
        guard let users = object["users"] as? [Any] else { return .failure(Problem(reason: #"no "users" array"#)) }
        var ids: [String] = []
        for (index, user) in users.enumerated() {
            guard let user = user as? [String: Any] else { return .failure(Problem(reason: "users[\(index)] is not an object")) }
            guard let id = user["id"] as? String, !id.isEmpty else {
                return .failure(Problem(reason: "users[\(index)].id is not a non-empty string"))
            }
            guard user["name"] is String else { return .failure(Problem(reason: "users[\(index)].name is not a string")) }
            ids.append(id)
        }
        return .success(ids)
    }
}
