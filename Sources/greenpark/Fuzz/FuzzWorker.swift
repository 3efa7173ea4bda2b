import Foundation

/// A worker process of the fuzzer: runs cases one after the other and reports each on
/// standard output before it starts (`case INDEX KIND`) and when it ends (`done INDEX
/// OUTCOME`), after writing its input to `current.<ext>` in its scratch directory. A trap
/// or a hang ends the process in the middle of a case; the driver then knows which case
/// and has its input.
struct FuzzWorker {
    let harness: FuzzHarness
    let scratch: URL

    /// Cases `first ..< first + count` of the generator.
    func run(_ generator: FuzzGenerator, first: Int, count: Int) throws {
        for index in first..<(first + count) {
            emit("case \(index) ?")  // a trap while generating is then a finding of this case too
            try run(index, generator.input(index))
        }
    }

    /// The files of a corpus directory, in name order, as cases 0, 1, ...; the kind is the
    /// part of the name before the first `-`.
    func replay(_ files: [URL], first: Int, count: Int) throws {
        for (index, file) in files.enumerated() where index >= first && index < first + count {
            let name = file.lastPathComponent
            guard let kind = FuzzKind(rawValue: String(name.prefix { $0 != "-" })) else {
                emit(
                    "done \(index) failure \(name): not a corpus file "
                        + "(the name starts with park-, readings-, tariff-, production- or evidence-)"
                )
                continue
            }
            try run(index, FuzzInput(kind: kind, bytes: [UInt8](try Data(contentsOf: file))))
        }
    }

    private func run(_ index: Int, _ input: FuzzInput) throws {
        try Data(input.bytes).write(to: scratch.appendingPathComponent("current.\(input.kind.fileExtension)"))
        emit("case \(index) \(input.kind.rawValue)")
        let outcome = harness.run(input)
        if outcome.hasPrefix("failure") {
            // The driver saves it; current.<ext> is overwritten by the next case.
            try Data(input.bytes).write(
                to: scratch.appendingPathComponent("failure-\(index).\(input.kind.fileExtension)"))
        }
        emit("done \(index) \(outcome.replacingOccurrences(of: "\n", with: " "))")
    }

    private func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
