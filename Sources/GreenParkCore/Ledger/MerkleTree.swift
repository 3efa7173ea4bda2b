import Crypto

/// The Merkle tree hash of RFC 6962, section 2.1, over a block's entry hashes: a seal's
/// `root` (docs/ledger.md). With entry hashes `d[0..<n]` (32 raw bytes each):
///
/// - `MTH({d0}) = SHA-256(0x00 || d0)` (a leaf),
/// - `MTH(D[n]) = SHA-256(0x01 || MTH(D[0..<k]) || MTH(D[k..<n]))` for `n > 1`, where `k` is
///   the largest power of two smaller than `n` (a node).
///
/// An audit path proves that one leaf is at its index in a tree of `count` leaves with a
/// given root, with about log2(count) hashes. Pure: no I/O, only SHA-256.
public enum MerkleTree {
    /// A 32-byte hash.
    public typealias Hash = [UInt8]

    /// `SHA-256(0x00 || leaf)`.
    public static func leafHash(_ leaf: Hash) -> Hash {
        var hasher = SHA256()
        hasher.update(data: [0])
        hasher.update(data: leaf)
        return Array(hasher.finalize())
    }

    /// `SHA-256(0x01 || left || right)`.
    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var hasher = SHA256()
        hasher.update(data: [1])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The root over `leaves` (the entries' 32-byte hashes, in order); the hash of the empty
    /// string for none (RFC 6962; a sealed block is never empty). One SHA-256 per leaf and per
    /// node, with the levels built bottom-up: a left-balanced tree, split at the largest power
    /// of two below `n` at every level, which is what the recursive definition gives.
    public static func root(of leaves: [Hash]) -> Hash {
        guard !leaves.isEmpty else { return Array(SHA256.hash(data: [UInt8]())) }
        var level = leaves.map(leafHash)
        while level.count > 1 { level = parent(of: level) }
        return level[0]
    }

    /// The next level up: pairs hashed, an odd last node carried up as it is.
    static func parent(of level: [Hash]) -> [Hash] {
        var up: [Hash] = []
        up.reserveCapacity((level.count + 1) / 2)
        var k = 0
        while k + 1 < level.count {
            up.append(nodeHash(level[k], level[k + 1]))
            k += 2
        }
        if k < level.count { up.append(level[k]) }
        return up
    }

    /// The audit path of leaf `index` among `leaves`, from the leaf's sibling up (RFC 6962
    /// section 2.1.1); empty for a tree of one leaf.
    public static func proof(index: Int, of leaves: [Hash]) -> [Hash] {
        precondition(index >= 0 && index < leaves.count)
        return proofs(indices: [index], of: leaves)[0]
    }

    /// The audit paths of several leaves, building the tree's levels once.
    public static func proofs(indices: [Int], of leaves: [Hash]) -> [[Hash]] {
        var level = leaves.map(leafHash)
        var positions = indices
        var paths = [[Hash]](repeating: [], count: indices.count)
        while level.count > 1 {
            for (k, position) in positions.enumerated() {
                let sibling = position ^ 1
                // An odd last node has no sibling at this level: it is carried up unchanged.
                if sibling < level.count { paths[k].append(level[sibling]) }
                positions[k] = position / 2
            }
            level = parent(of: level)
        }
        return paths
    }

    /// Whether `proof` shows `leaf` (an entry's 32-byte hash) at `index` in a tree of
    /// `count` leaves whose root is `root`. False for an index out of range, a proof of the
    /// wrong length, or any hash that differs.
    public static func verify(leaf: Hash, index: Int, count: Int, proof: [Hash], root: Hash) -> Bool {
        guard index >= 0, index < count, proof.allSatisfy({ $0.count == 32 }) else { return false }
        var hash = leafHash(leaf)
        var position = index
        var last = count - 1
        var used = 0
        while last > 0 {
            if position % 2 == 1 {
                guard used < proof.count else { return false }
                hash = nodeHash(proof[used], hash)
                used += 1
            } else if position < last {
                guard used < proof.count else { return false }
                hash = nodeHash(hash, proof[used])
                used += 1
            }
            // else: the last node of an odd level, carried up without a sibling.
            position /= 2
            last /= 2
        }
        return used == proof.count && hash == root
    }
}

extension MerkleTree {
    /// Builds a root leaf by leaf in O(log n) memory (a verifier following a ledger): the
    /// stack holds the roots of complete subtrees of decreasing size; the root folds them
    /// from the right, which gives the same tree as ``MerkleTree/root(of:)``. Hashes are
    /// kept as `SHA256.Digest` values (no allocation per entry: the ledger's fast path).
    public struct Builder: Sendable {
        private var stack: [(hash: SHA256.Digest, size: Int)] = []
        public private(set) var count = 0

        public init() {}

        /// Adds the next entry hash (32 raw bytes).
        public mutating func append(leaf: Hash) { append(leafDigest: SHA256.hash(data: [0] + leaf)) }

        /// Adds the next leaf whose `SHA-256(0x00 || hash)` is already computed.
        public mutating func append(leafDigest: SHA256.Digest) {
            var node = (hash: leafDigest, size: 1)
            while let top = stack.last, top.size == node.size {
                stack.removeLast()
                node = (MerkleTree.nodeDigest(top.hash, node.hash), top.size * 2)
            }
            stack.append(node)
            count += 1
        }

        /// The root of the leaves so far (`nil` for none).
        public var root: Hash? {
            guard var hash = stack.last?.hash else { return nil }
            for node in stack.dropLast().reversed() { hash = MerkleTree.nodeDigest(node.hash, hash) }
            return Array(hash)
        }
    }

    /// `SHA-256(0x01 || left || right)` without allocating.
    static func nodeDigest(_ left: SHA256.Digest, _ right: SHA256.Digest) -> SHA256.Digest {
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { buffer in
            buffer[0] = 1
            left.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[1..<33]).copyMemory(from: $0) }
            right.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[33..<65]).copyMemory(from: $0) }
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
            return hasher.finalize()
        }
    }
}
