import ArgumentParser
import Foundation
import PBXTools

/// `--format` and `--output`, shared by the commands that report on a CRM.
struct ReportOptions: ParsableArguments {
    @Option(help: "Report format: text, json or junit (JUnit XML for CI).") var format: ReportFormat = .text
    @Option(help: ArgumentHelp("Write the report to this file; the console still shows the text summary.", valueName: "file"))
    var output: String?

    /// Whether the console carries the text report, so that live progress may go there too.
    var consoleIsText: Bool { output != nil || format == .text }

    /// Writes the report where it was asked for; `console` is what a person at the terminal sees
    /// when the report itself is text or goes to a file.
    func emit(_ report: some FormattedReport, console: String) throws {
        if let output {
            do {
                try report.rendered(format).write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw ValidationError("--output: cannot write \(output): \(error.localizedDescription)")
            }
        }
        print(consoleIsText ? console : report.rendered(format), terminator: consoleIsText ? "\n" : "")
    }

    /// A line of progress: on the console when it carries text, else on stderr, out of the report's way.
    func progress(_ line: String) {
        if consoleIsText {
            print(line)
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
