import Foundation

/// Every figure of one benchmark run, the targets they are held to, and the Markdown for BENCHMARKS.md.
public struct BenchmarkReport: Sendable {
    public var configuration: Benchmark.Configuration
    public var machine: MachineDescription
    /// Counted in the database before the load phases.
    public var contacts: Int?
    public var calls: Int?
    public var startupTime: Duration?
    /// From spawning the process until its phone directory is loaded; lookups are answered from
    /// the database until then.
    public var directoryReadyTime: Duration?
    public var restingMemoryBytes: Int?
    /// After the contact and history load, before the streams.
    public var loadedMemoryBytes: Int?
    /// `minicrm generate` of the database, when this run made it.
    public var generationTime: Duration?
    public var health: Wrk.Result?
    public var contact: Wrk.Result?
    public var history: Wrk.Result?
    public var historyStored: Int?
    var streams: StreamFanOutBench.Result?
    public var search: LatencySummary?

    init(configuration: Benchmark.Configuration, machine: MachineDescription) {
        self.configuration = configuration
        self.machine = machine
    }

    public struct Target: Sendable {
        public var name: String
        public var goal: String
        public var measured: String
        public var met: Bool
    }

    public var targets: [Target] {
        var targets: [Target] = []
        if let contact, let health {
            let ratio = contact.requestsPerSecond / health.requestsPerSecond
            targets.append(.init(name: "contact throughput", goal: "≥ 0.65 × /health", measured: String(format: "%.2f × /health", ratio), met: ratio >= 0.65))
            targets.append(.init(name: "contact p99", goal: "≤ 5 ms", measured: contact.p99.benchText, met: contact.p99 <= .milliseconds(5)))
        }
        if let history, let historyStored {
            targets.append(.init(name: "history ingest", goal: "≥ 5000 req/s", measured: history.requestsPerSecond.rateText, met: history.requestsPerSecond >= 5000))
            // Requests in flight when wrk stops are stored without being counted as answered.
            let complete = historyStored >= history.acknowledged && historyStored <= history.acknowledged + configuration.connections
            targets.append(.init(
                name: "history durability", goal: "every acknowledged row stored",
                measured: "\(historyStored) stored / \(history.acknowledged) acknowledged", met: complete
            ))
        }
        if let streams {
            let p99 = streams.latency.p99 ?? .seconds(999)
            targets.append(.init(name: "pop-up latency p99", goal: "≤ 20 ms", measured: p99.benchText, met: p99 <= .milliseconds(20)))
            targets.append(.init(name: "pop-ups lost", goal: "0", measured: "\(streams.lost)", met: streams.lost == 0))
            if let shutdown = streams.shutdownTime {
                targets.append(.init(
                    name: "SIGTERM with the streams open", goal: "exits ≤ 2 s", measured: shutdown.benchText, met: shutdown <= .seconds(2)
                ))
            }
        }
        if let p99 = search?.p99 {
            targets.append(.init(name: "search p99", goal: "≤ 50 ms", measured: p99.benchText, met: p99 <= .milliseconds(50)))
        }
        let memory = [restingMemoryBytes, loadedMemoryBytes, streams?.residentMemoryBytes].compactMap { $0 }.max()
        if let memory {
            targets.append(.init(name: "RSS", goal: "≤ 150 MB", measured: memory.megabytesText, met: memory <= 150 << 20))
        }
        if let startupTime {
            targets.append(.init(name: "ready to serve", goal: "≤ 1 s", measured: startupTime.benchText, met: startupTime <= .seconds(1)))
        }
        if let generationTime {
            targets.append(.init(
                name: "generate \(contacts ?? 0) contacts + \(calls ?? 0) calls", goal: "< 1 min",
                measured: generationTime.benchText, met: generationTime < .seconds(60)
            ))
        }
        return targets
    }

    public var allTargetsMet: Bool { targets.allSatisfy(\.met) }

    public func markdown(command: String) -> String {
        var lines = [
            "## Run of \(ISO8601DateFormatter().string(from: Date()))", "",
            "Machine: \(machine.summary)", "",
            "Command: `\(command)`", "",
            "Database: \(contacts ?? 0) contacts, \(calls ?? 0) calls; wrk 1 thread × \(configuration.connections) connections, \(configuration.duration.benchText) per phase (/health and contact in two interleaved halves each), on the same cores as the server.",
            "",
            "| measurement | result |", "|---|---|",
        ]
        func row(_ name: String, _ value: String?) {
            if let value { lines.append("| \(name) | \(value) |") }
        }
        row("GET /health", health.map { "\($0.requestsPerSecond.rateText), p50 \($0.p50.benchText), p99 \($0.p99.benchText)" })
        row("contact (known and unknown, mixed formats)", contact.map { "\($0.requestsPerSecond.rateText), p50 \($0.p50.benchText), p99 \($0.p99.benchText), errors \($0.statusErrors + $0.socketErrors)" })
        if let contact, let health { row("contact / health", String(format: "%.2f", contact.requestsPerSecond / health.requestsPerSecond)) }
        row("history (unique callids)", history.map { "\($0.requestsPerSecond.rateText), p99 \($0.p99.benchText), acknowledged \($0.acknowledged)" })
        row("history rows stored", historyStored.map(String.init))
        if let streams {
            row("streams open", "\(streams.streams) (\(configuration.streamManagers) managers × \(configuration.tabs) tabs)")
            row("pop-up latency, event POST → tab", "p50 \(streams.latency.p50?.benchText ?? "–"), p99 \(streams.latency.p99?.benchText ?? "–"), max \(streams.latency.max?.benchText ?? "–")")
            row("pop-ups delivered / expected", "\(streams.received) / \(streams.expected) (lost \(streams.lost))")
        }
        row("search /api/contacts?q= (names, companies, phone fragments)", search.map { "p50 \($0.p50?.benchText ?? "–"), p99 \($0.p99?.benchText ?? "–"), \($0.count) queries" })
        row("RSS at rest (directory loaded)", restingMemoryBytes?.megabytesText)
        row("RSS after the contact and history load", loadedMemoryBytes?.megabytesText)
        row("RSS with the streams open", streams?.residentMemoryBytes?.megabytesText)
        row("start → first 200 on /health", startupTime?.benchText)
        row("start → phone directory loaded (lookups answered from SQLite before)", directoryReadyTime?.benchText)
        row("SIGTERM → exit, \(streams?.streams ?? 0) streams open", streams?.shutdownTime?.benchText)
        row("minicrm generate (this run)", generationTime?.benchText)
        lines += ["", "| target | goal | measured | |", "|---|---|---|---|"]
        for target in targets {
            lines.append("| \(target.name) | \(target.goal) | \(target.measured) | \(target.met ? "met" : "**missed**") |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The machine a run was measured on.
public struct MachineDescription: Sendable {
    public var cpu: String
    public var cores: Int
    public var memory: String
    public var system: String

    public static var current: MachineDescription {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":", maxSplits: 1).last
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let totalKB = meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }?.split(separator: " ").compactMap { Int($0) }.first
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        let pretty = release.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }?.dropFirst("PRETTY_NAME=".count)
            .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return MachineDescription(
            cpu: model.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU",
            cores: ProcessInfo.processInfo.activeProcessorCount,
            memory: totalKB.map { "\($0 / 1024 / 1024) GiB" } ?? "unknown",
            system: pretty ?? "Linux"
        )
    }

    public var summary: String { "\(cores) cores (\(cpu)), \(memory) RAM, \(system)" }
}

extension Duration {
    var benchText: String {
        let milliseconds = inMilliseconds
        if milliseconds >= 1000 { return String(format: "%.2f s", milliseconds / 1000) }
        return milliseconds >= 10 ? String(format: "%.0f ms", milliseconds) : String(format: "%.2f ms", milliseconds)
    }
}

extension Double {
    var rateText: String { String(format: "%.0f req/s", self) }
}

extension Int {
    var megabytesText: String { String(format: "%.0f MB", Double(self) / 1_048_576) }
}
