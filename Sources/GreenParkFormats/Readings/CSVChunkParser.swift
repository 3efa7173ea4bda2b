import GreenParkCore

/// Parses complete CSV lines of a readings file into a ``RecordBatch``, straight from the
/// bytes: no `String` per field, a hash lookup for meter ids, a cached timestamp for
/// rows that share one. Problems become issues with their line; parsing goes on so one
/// run reports them all.
struct CSVChunkParser {
    let layout: ReadingsLayout
    let lookup: MeterLookup
    let delimiter: UInt8
    let fileName: String

    // Last parsed timestamp text and value: long files repeat one timestamp for many meters.
    private var cachedText = [UInt8](repeating: 0, count: 40)
    private var cachedLength = -1
    private var cachedSeconds: Int64 = 0

    init(layout: ReadingsLayout, lookup: MeterLookup, delimiter: UInt8, fileName: String) {
        self.layout = layout
        self.lookup = lookup
        self.delimiter = delimiter
        self.fileName = fileName
    }

    /// Parses every line of `bytes` (which ends at a line end), numbering from `firstLine`.
    /// Returns the number of lines consumed.
    @discardableResult
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, into batch: inout RecordBatch) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var position = 0
        var lineNumber = firstLine
        let count = bytes.count
        var fields = [Range<Int>](repeating: 0..<0, count: layout.columnCount + 1)
        while position < count {
            let lineStart = position
            var lineEnd: Int
            if let found = memchr(base + position, 10, count - position) {
                lineEnd = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                position = lineEnd + 1
            } else {
                lineEnd = count
                position = count
            }
            defer { lineNumber += 1 }
            if lineEnd > lineStart, base[lineEnd - 1] == 13 { lineEnd -= 1 }
            if lineEnd == lineStart || base[lineStart] == 35 { continue } // blank or '#'
            if base[lineStart] == delimiter || base[lineStart] == 32, Self.isEmptyRow(base + lineStart, lineEnd - lineStart, delimiter) {
                continue // only separators and spaces: a spreadsheet's empty row
            }
            let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            let fieldCount = Self.split(line, delimiter: delimiter, into: &fields)
            guard fieldCount == layout.columnCount else {
                issue(&batch, lineNumber, "readings.field-count", "expected \(layout.columnCount) fields, found \(fieldCount)")
                continue
            }
            batch.rows += 1
            switch layout {
            case .long(let l):
                parseIntervalRow(line, fields, meterColumn: l.meterColumn, startColumn: l.startColumn,
                                 valueColumn: l.energyColumn, qualityColumn: l.qualityColumn, unit: l.unit,
                                 lineNumber, &batch)
            case .register(let r):
                parseIntervalRow(line, fields, meterColumn: r.meterColumn, startColumn: r.readColumn,
                                 valueColumn: r.registerColumn, qualityColumn: nil, unit: r.unit,
                                 lineNumber, &batch)
            case .wide(let w):
                parseWideRow(line, fields, w, lineNumber, &batch)
            }
        }
        return lineNumber - firstLine
    }

    private mutating func parseIntervalRow(
        _ line: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>], meterColumn: Int, startColumn: Int,
        valueColumn: Int, qualityColumn: Int?, unit: EnergyDecimal.Unit, _ lineNumber: Int, _ batch: inout RecordBatch
    ) {
        let meterBytes = Self.unquoted(line, fields[meterColumn])
        let meter = lookup.index(of: meterBytes)
        if meter < 0 {
            let name = String(decoding: meterBytes, as: UTF8.self)
            batch.unknownMeters[name, default: UnknownMeter(firstLine: lineNumber, rows: 0)].rows += 1
            return
        }
        guard let start = timestamp(line, fields[startColumn], lineNumber, &batch) else { return }
        let valueBytes = Self.unquoted(line, fields[valueColumn])
        if valueBytes.isEmpty { batch.empty += 1; return }
        guard let wh = energy(valueBytes, unit: unit, lineNumber, &batch) else { return }
        var quality = Quality.measured
        if let qualityColumn {
            let text = Self.unquoted(line, fields[qualityColumn])
            if !text.isEmpty {
                guard let q = Quality(name: String(decoding: text, as: UTF8.self)), q != .missing else {
                    issue(&batch, lineNumber, "readings.bad-quality", "quality \"\(String(decoding: text, as: UTF8.self))\" is not one of measured, estimated, split, interpolated")
                    return
                }
                quality = q
            }
        }
        batch.append(meter: meter, start: start, value: wh, quality: quality.rawValue, line: Int32(clamping: lineNumber))
    }

    private mutating func parseWideRow(
        _ line: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>], _ w: ReadingsLayout.Wide,
        _ lineNumber: Int, _ batch: inout RecordBatch
    ) {
        guard let start = timestamp(line, fields[w.startColumn], lineNumber, &batch) else { return }
        for column in 0..<w.columnCount where column != w.startColumn {
            let valueBytes = Self.unquoted(line, fields[column])
            if valueBytes.isEmpty { batch.empty += 1; continue }
            guard let wh = energy(valueBytes, unit: w.units[column], lineNumber, &batch) else { continue }
            batch.append(meter: w.meters[column], start: start, value: wh, quality: Quality.measured.rawValue, line: Int32(clamping: lineNumber))
        }
    }

    @inline(__always)
    private mutating func timestamp(_ line: UnsafeBufferPointer<UInt8>, _ field: Range<Int>, _ lineNumber: Int, _ batch: inout RecordBatch) -> Int64? {
        let text = Self.unquoted(line, field)
        if text.count == cachedLength,
           cachedText.withUnsafeBufferPointer({ memcmp($0.baseAddress!, text.baseAddress!, text.count) == 0 }) {
            return cachedSeconds
        }
        switch Timestamp.parseISO8601(text) {
        case .success(let t):
            if text.count <= cachedText.count {
                cachedText.withUnsafeMutableBufferPointer { _ = memcpy($0.baseAddress!, text.baseAddress!, text.count) }
                cachedLength = text.count
                cachedSeconds = t.seconds
            }
            return t.seconds
        case .failure(let failure):
            let shown = String(decoding: text, as: UTF8.self)
            let reason: String
            switch failure {
            case .malformed: reason = "timestamp \"\(shown)\" is not ISO 8601 (expected e.g. 2023-01-01T00:15:00Z or 2023-01-01T08:15:00+08:00)"
            case .missingOffset: reason = "timestamp \"\(shown)\" has no UTC offset; add Z or +08:00 (local times are ambiguous)"
            case .outOfRange: reason = "timestamp \"\(shown)\" is not a valid date and time"
            case .fractionalSeconds: reason = "timestamp \"\(shown)\" has fractional seconds; interval starts are whole seconds"
            }
            issue(&batch, lineNumber, "readings.bad-timestamp", reason)
            return nil
        }
    }

    @inline(__always)
    private func energy(_ text: UnsafeBufferPointer<UInt8>, unit: EnergyDecimal.Unit, _ lineNumber: Int, _ batch: inout RecordBatch) -> Int64? {
        switch EnergyDecimal.parse(text, unit: unit) {
        case .success(let value):
            if value.rounded { batch.rounded += 1 }
            return value.wh
        case .failure(let failure):
            let shown = String(decoding: text, as: UTF8.self)
            switch failure {
            case .notANumber: issue(&batch, lineNumber, "readings.not-a-number", "value \"\(shown)\" is not a number")
            case .negative: issue(&batch, lineNumber, "readings.negative", "negative energy \(shown) \(unit.columnSuffix); consumption and generation meters read zero or more")
            case .tooLarge: issue(&batch, lineNumber, "readings.too-large", "value \(shown) \(unit.columnSuffix) is more than 100 GWh in one interval; no meter measures that much")
            }
            return nil
        }
    }

    private func issue(_ batch: inout RecordBatch, _ line: Int, _ code: String, _ reason: String) {
        batch.issues.add(InputIssue(file: fileName, line: line, code: code, reason: reason))
    }

    /// Splits `line` at `delimiter` into `fields`; double-quoted fields may contain the
    /// delimiter (`""` inside quotes is a quote). Returns the field count (counting past
    /// the array's size so a wrong count is reported, not hidden).
    @inline(__always)
    static func split(_ line: UnsafeBufferPointer<UInt8>, delimiter: UInt8, into fields: inout [Range<Int>]) -> Int {
        var count = 0
        var fieldStart = 0
        var i = 0
        var inQuotes = false
        let n = line.count
        while i < n {
            let c = line[i]
            if c == 34 { inQuotes.toggle() }
            else if c == delimiter && !inQuotes {
                if count < fields.count { fields[count] = fieldStart..<i }
                count += 1
                fieldStart = i + 1
            }
            i += 1
        }
        if count < fields.count { fields[count] = fieldStart..<n }
        return count + 1
    }

    static func isEmptyRow(_ p: UnsafePointer<UInt8>, _ count: Int, _ delimiter: UInt8) -> Bool {
        for i in 0..<count where p[i] != delimiter && p[i] != 32 && p[i] != 9 { return false }
        return true
    }

    /// The field's bytes without surrounding spaces and quotes.
    @inline(__always)
    static func unquoted(_ line: UnsafeBufferPointer<UInt8>, _ field: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        var lower = field.lowerBound
        var upper = field.upperBound
        while lower < upper, line[lower] == 32 { lower += 1 }
        while upper > lower, line[upper - 1] == 32 { upper -= 1 }
        if upper - lower >= 2, line[lower] == 34, line[upper - 1] == 34 { lower += 1; upper -= 1 }
        return UnsafeBufferPointer(rebasing: line[lower..<upper])
    }
}

/// A meter id that is not in the park file, reported once with its row count.
struct UnknownMeter {
    var firstLine: Int
    var rows: Int
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
