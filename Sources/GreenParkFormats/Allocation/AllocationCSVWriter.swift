import Foundation
import GreenParkCore

/// Writes the interval results of an allocation as CSV:
/// `allocations.csv` (`interval_start,member_id,generator_id,energy_wh`, zero rows left
/// out) and `members.csv` (`interval_start,member_id,consumption_wh,allocated_wh,grid_import_wh`;
/// for a park with storage also `from_storage_wh,green_from_storage_wh`, DOMAIN.md 4a: what the
/// member took from the devices and the green part of it by origin, and grid import is then
/// consumption minus both sources). `allocated_wh` is always what came from the generators.
/// Intervals excluded by the gap policy are not written.
public enum AllocationCSVWriter {
    /// Writes either file or both (a nil URL: that file is not written), streaming.
    public static func write(park: Park, data: PeriodData, outcome: AllocationOutcome, allocationsTo: URL?,
                             membersTo: URL?, storage: StorageSupply? = nil) throws {
        let problem = data.problem
        let n = problem.memberCount, m = problem.generatorCount
        func open(_ url: URL?) throws -> FileHandle? {
            guard let url else { return nil }
            guard FileManager.default.createFile(atPath: url.path, contents: nil),
                  let handle = FileHandle(forWritingAtPath: url.path) else {
                throw FileProblem(path: url.path, reason: "cannot write the result file")
            }
            return handle
        }
        let allocations = try open(allocationsTo)
        defer { try? allocations?.close() }
        let members = try open(membersTo)
        defer { try? members?.close() }
        var a = "interval_start,member_id,generator_id,energy_wh\n"
        var c = "interval_start,member_id,consumption_wh,allocated_wh,grid_import_wh"
            + (storage == nil ? "\n" : ",from_storage_wh,green_from_storage_wh\n")
        for t in 0..<problem.intervalCount where !problem.excluded[t] {
            let stamp = data.start(ofInterval: t).iso8601
            for i in 0..<n {
                let member = park.members[i].id
                if members != nil {
                    let consumed = problem.consumption[t * n + i], allocated = outcome.allocated[t * n + i]
                    if let storage {
                        let (taken, green) = storage.member(i, interval: t)
                        c += "\(stamp),\(member),\(consumed),\(allocated),\(consumed - allocated - taken),"
                            + "\(taken),\(green)\n"
                    } else {
                        c += "\(stamp),\(member),\(consumed),\(allocated),\(consumed - allocated)\n"
                    }
                }
                guard allocations != nil else { continue }
                for j in 0..<m {
                    let wh = outcome.allocated(interval: t, member: i, generator: j)
                    if wh != 0 { a += "\(stamp),\(member),\(park.generators[j].id),\(wh)\n" }
                }
            }
            if a.utf8.count > 1 << 20 { allocations?.write(Data(a.utf8)); a = "" }
            if c.utf8.count > 1 << 20 { members?.write(Data(c.utf8)); c = "" }
        }
        allocations?.write(Data(a.utf8))
        members?.write(Data(c.utf8))
    }
}
