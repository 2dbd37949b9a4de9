import Foundation

/// Sums a vector made per range of 0..<count on every core: each chunk makes its own vector, and
/// the chunks are added in order, so the result is the same on every run.
func parallelSum(count: Int, width: Int, _ body: @Sendable (Range<Int>) -> [Double]) -> [Double] {
    let chunks = count < 20_000 ? 1 : min(64, ProcessInfo.processInfo.activeProcessorCount * 4)
    let size = (count + chunks - 1) / chunks
    nonisolated(unsafe) var partial = Array(repeating: [Double](), count: chunks)
    partial.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let out = buffer
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (chunk * size)..<min(count, (chunk + 1) * size)
            out[chunk] = range.isEmpty ? [] : body(range)  // each chunk writes its own slot only
        }
    }
    return partial.reduce(into: Array(repeating: 0.0, count: width)) { total, part in
        for i in part.indices { total[i] += part[i] }
    }
}
