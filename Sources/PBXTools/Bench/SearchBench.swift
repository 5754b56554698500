import Foundation

/// `GET /api/contacts?q=` as people type: name and company fragments, and phone fragments in the
/// formats they are written in.
struct SearchBench: Sendable {
    static let queries = [
        "Кузнец", "Соколова", "ванов", "Петров Сер", "Екатерина", "Никитин", "Воробь", "Александровна", "Weber", "Miller",
        "Меридиан", "Вектор", "Северсталь", "Ковалёв", "Орлова Анна", "916 4", "8 (915) 2", "+7 903 5", "912-3", "(980) 44",
        "4567", "905 12", "8 962", "77 12",
    ]

    let http: BenchHTTP
    let rounds: Int

    func measure(cookie: String) async throws -> LatencySummary {
        var latencies: [Duration] = []
        for round in 0..<rounds {
            for query in Self.queries {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
                let (_, latency) = try await http.get("/api/contacts?limit=50&q=\(encoded)", cookie: cookie)
                if round > 0 { latencies.append(latency) }  // the first round only warms the caches
            }
        }
        return LatencySummary(latencies)
    }
}
