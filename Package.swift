// swift-tools-version: 6.1
//
// leadpipe: CSV lead files in, clean NDJSON out.
//
// One module per pipeline stage. The tokenizer imports no Foundation. The benchmarks live in
// the nested package `Benchmarks/` so that `swift build` and `swift test` never build them.
import PackageDescription

let package = Package(
    name: "leadpipe",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "leadpipe", targets: ["leadpipe"]),
        .library(name: "LeadpipeTokenizer", targets: ["LeadpipeTokenizer"]),
        .library(name: "LeadpipeEncoding", targets: ["LeadpipeEncoding"]),
        .library(name: "LeadpipeSchema", targets: ["LeadpipeSchema"]),
        .library(name: "LeadpipeOutput", targets: ["LeadpipeOutput"]),
        .library(name: "LeadpipeGenerator", targets: ["LeadpipeGenerator"]),
        .library(name: "LeadpipePipeline", targets: ["LeadpipePipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // zlib through a system library target; `CZlib/shim.h` wraps the C macros Swift cannot call.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // Stage 1 of the tokenizer: SIMD classification of 64-byte blocks (SSE2 on x86-64); and
        // the row loop's inline text kernels (leadpipe_text.h).
        .target(name: "CLeadpipeScan"),
        // SHA-256, and libdeflate's gzip compressor bound at run time (zlib when it is missing).
        .target(name: "CLeadpipeCodec", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // Stage: tokenize. Byte-level CSV state machine, reference twin, dialect sniffing.
        .target(name: "LeadpipeTokenizer", dependencies: ["CLeadpipeScan"]),
        // Stage: decode. Encoding detection, transcoding to UTF-8, per-field repair.
        .target(name: "LeadpipeEncoding"),
        // Stage: map. The lead schema, header auto-mapping, normalization and validation.
        .target(name: "LeadpipeSchema", dependencies: ["LeadpipeEncoding", "CLeadpipeScan"]),
        // Stage: write. JSON and CSV encoding, byte sinks, gzip, atomic files.
        .target(name: "LeadpipeOutput", dependencies: ["LeadpipeEncoding", "CZlib", "CLeadpipeCodec", "CLeadpipeScan"]),
        // Deterministic dirty lead exports for tests and benchmarks.
        .target(name: "LeadpipeGenerator", dependencies: ["LeadpipeOutput", "LeadpipeEncoding"]),
        // Wires the stages together: input, convert, sniff, bench.
        .target(
            name: "LeadpipePipeline",
            dependencies: ["LeadpipeTokenizer", "LeadpipeEncoding", "LeadpipeSchema", "LeadpipeOutput", "CZlib", "CLeadpipeCodec", "CLeadpipeScan"]
        ),
        .executableTarget(
            name: "leadpipe",
            dependencies: [
                "LeadpipePipeline", "LeadpipeSchema", "LeadpipeGenerator", "LeadpipeTokenizer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .target(
            name: "LeadpipeTestSupport",
            dependencies: ["LeadpipeTokenizer", "LeadpipeGenerator", "LeadpipeOutput", "CZlib"],
            path: "Tests/LeadpipeTestSupport"
        ),
        .testTarget(name: "LeadpipeTokenizerTests", dependencies: ["LeadpipeTokenizer", "CLeadpipeScan", "LeadpipeOutput", "LeadpipeTestSupport"]),
        .testTarget(name: "LeadpipeEncodingTests", dependencies: ["LeadpipeEncoding", "LeadpipeTestSupport"]),
        .testTarget(name: "LeadpipeSchemaTests", dependencies: ["LeadpipeSchema", "LeadpipeTestSupport", "CLeadpipeScan"]),
        .testTarget(name: "LeadpipeOutputTests", dependencies: ["LeadpipeOutput", "LeadpipeTestSupport"]),
        .testTarget(name: "LeadpipeGeneratorTests", dependencies: ["LeadpipeGenerator", "LeadpipeTokenizer", "LeadpipeTestSupport"]),
        .testTarget(
            name: "LeadpipePipelineTests",
            dependencies: ["LeadpipePipeline", "LeadpipeSchema", "LeadpipeGenerator", "LeadpipeTestSupport", "CLeadpipeScan"]),
        .testTarget(name: "LeadpipeCLITests", dependencies: ["leadpipe", "LeadpipeGenerator", "LeadpipeTestSupport"]),
    ]
)
