#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic elapsed time.
public struct Stopwatch: Sendable {
    private let start: Double

    /// Starts timing now.
    public init() { start = Stopwatch.now() }

    /// Seconds since `init`.
    public var seconds: Double { Stopwatch.now() - start }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
