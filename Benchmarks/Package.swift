// swift-tools-version: 6.1
//
// leadpipe's benchmarks, a package of their own so that `swift build` and `swift test` of
// leadpipe never build the benchmark tool.
//
//   swift package --package-path Benchmarks benchmark
//
import Foundation
import PackageDescription

// A path dependency is named after its directory, which is wherever the repository was cloned.
let leadpipe = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "LeadpipeBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "LeadpipeBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LeadpipeTokenizer", package: leadpipe),
                .product(name: "LeadpipeGenerator", package: leadpipe),
                .product(name: "LeadpipeOutput", package: leadpipe),
                .product(name: "LeadpipePipeline", package: leadpipe),
                .product(name: "LeadpipeSchema", package: leadpipe),
            ],
            path: "Benchmarks/LeadpipeBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
