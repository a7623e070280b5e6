/// A small, fast, deterministic random number generator (SplitMix64).
///
/// The same seed gives the same sequence on every platform and Swift version, which is what
/// generated files and seeded tests need. Not for cryptography.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    /// Creates a generator; equal seeds give equal sequences.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly random integer in `0..<upperBound`, cheaper than `Int.random(in:using:)`.
    ///
    /// - Precondition: `upperBound > 0`.
    @inlinable
    public mutating func below(_ upperBound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(upperBound)).high)
    }

    /// `true` with probability `probability`.
    @inlinable
    public mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) * 0x1p-53 < probability
    }

    /// A uniformly random element of `elements`.
    ///
    /// - Precondition: `elements` is not empty.
    @inlinable
    public mutating func pick<C: RandomAccessCollection>(_ elements: C) -> C.Element where C.Index == Int {
        elements[elements.startIndex + below(elements.count)]
    }
}
