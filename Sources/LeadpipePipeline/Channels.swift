import Foundation

// The pipeline's channels. Stages run on their own threads and hand each other batches
// (thousands of rows, or a megabyte of bytes) through mailboxes. Back-pressure comes from
// byte budgets: a producer acquires the bytes a batch will hold before it sends it and waits
// (its thread sleeps) while the budget is spent; the consumer that frees the batch releases
// them. So the bytes in flight between two stages never exceed the budget, whatever the
// speeds, and nothing is ever dropped. Mailboxes themselves need no bound: what is in them is
// paid for.
//
// Only the reader and the ordered stage wait on budgets; workers never wait on anything but
// their queue, so no cycle of waits can form: the reader waits for the ordered stage, the
// ordered stage for the writer, the writer for the disk.

/// Bytes in flight between stages, with a limit; `acquire` waits while it is spent.
final class ByteBudget: @unchecked Sendable {
    private let condition = NSCondition()
    let limit: Int
    private var used = 0
    private var cancelled = false
    /// The most bytes ever held at once.
    private(set) var peak = 0

    init(limit: Int) { self.limit = limit }

    /// Takes `count` bytes, waiting while they do not fit (one batch larger than the whole
    /// limit is let through when nothing else is held). Returns false when the run is cancelled.
    func acquire(_ count: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && used > 0 && used + count > limit { condition.wait() }
        if cancelled { return false }
        used += count
        peak = max(peak, used)
        return true
    }

    func release(_ count: Int) {
        condition.lock()
        used -= count
        condition.broadcast()
        condition.unlock()
    }

    var held: Int {
        condition.lock()
        defer { condition.unlock() }
        return used
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// A first-in-first-out list. A taken slot is cleared at once, so nothing stays referenced,
/// and the storage is compacted as it drains.
struct FIFO<Item> {
    private var items: [Item?] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }

    mutating func append(_ item: Item) { items.append(item) }

    mutating func removeFirst() -> Item? {
        guard head < items.count else { return nil }
        let item = items[head]
        items[head] = nil
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }
}

/// A FIFO between threads; senders are bounded by a ``ByteBudget``.
final class Mailbox<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items = FIFO<Item>()
    private var cancelled = false

    func send(_ item: Item) {
        condition.lock()
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    /// The next item, waiting for one; nil at once when cancelled.
    func receive() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && items.isEmpty { condition.wait() }
        return cancelled ? nil : items.removeFirst()
    }

    /// Wakes every receiver with nil: the run failed.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// The workers' queue: two kinds of job, compression first (it frees memory soonest and the
/// writer waits on it), then mapping.
final class WorkQueue<Urgent, Normal>: @unchecked Sendable {
    enum Job {
        case urgent(Urgent)
        case normal(Normal)
    }

    private let condition = NSCondition()
    private var urgent = FIFO<Urgent>()
    private var normal = FIFO<Normal>()
    private var closed = false
    private var cancelled = false

    func send(urgent job: Urgent) {
        condition.lock()
        urgent.append(job)
        condition.signal()
        condition.unlock()
    }

    func send(normal job: Normal) {
        condition.lock()
        normal.append(job)
        condition.signal()
        condition.unlock()
    }

    /// The next job, compression first, waiting for one; nil once closed and empty, or at once
    /// when cancelled.
    func receive() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && urgent.isEmpty && normal.isEmpty && !closed { condition.wait() }
        if cancelled { return nil }
        if let job = urgent.removeFirst() { return .urgent(job) }
        if let job = normal.removeFirst() { return .normal(job) }
        return nil
    }

    /// No more jobs will be sent.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// The first error of a run; once set, every stage stops.
final class RunState: @unchecked Sendable {
    private let lock = NSLock()
    private var error: (any Error)?
    private var onFailure: [() -> Void] = []

    var failure: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return error
    }

    var hasFailed: Bool { failure != nil }

    /// Runs `action` when the run fails (cancelling budgets and queues).
    func whenFailing(_ action: @escaping () -> Void) {
        lock.lock()
        onFailure.append(action)
        lock.unlock()
    }

    func fail(_ failure: any Error) {
        lock.lock()
        guard error == nil else {
            lock.unlock()
            return
        }
        error = failure
        let actions = onFailure
        lock.unlock()
        for action in actions { action() }
    }
}

/// Busy time of one stage (summed over its threads).
final class StageClock: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0.0

    func add(_ seconds: Double) {
        lock.lock()
        total += seconds
        lock.unlock()
    }

    var seconds: Double {
        lock.lock()
        defer { lock.unlock() }
        return total
    }
}
