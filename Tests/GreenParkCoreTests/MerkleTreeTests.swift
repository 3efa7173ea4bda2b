import Crypto
import GreenParkCore
import PropertyBased
import Testing

@Suite("Merkle tree of a block (RFC 6962): roots, audit paths, verification")
struct MerkleTreeTests {
    /// Leaf `i` of a test tree: 32 bytes, all `i` (seeded by `salt`).
    static func leaves(_ n: Int, salt: UInt8 = 0) -> [MerkleTree.Hash] {
        (0..<n).map { i in [UInt8](repeating: UInt8(truncatingIfNeeded: i) &+ salt, count: 31) + [UInt8(i >> 8)] }
    }

    static func sha(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

    /// RFC 6962 section 2.1 as written: split at the largest power of two below n.
    static func reference(_ d: [MerkleTree.Hash]) -> MerkleTree.Hash {
        if d.count == 1 { return sha([0] + d[0]) }
        var k = 1
        while k * 2 < d.count { k *= 2 }
        return sha([1] + reference(Array(d[..<k])) + reference(Array(d[k...])))
    }

    @Test("three leaves, worked by hand")
    func threeLeaves() {
        // d0 = 32 x 0x00, d1 = 32 x 0x01, d2 = 32 x 0x02.
        let d = (0..<3).map { [UInt8](repeating: UInt8($0), count: 32) }
        // Leaves: l_i = SHA-256(0x00 || d_i). n = 3, so k = 2 (largest power of two below 3):
        // root = SHA-256(0x01 || SHA-256(0x01 || l0 || l1) || l2).
        let l = d.map { Self.sha([0] + $0) }
        let n01 = Self.sha([1] + l[0] + l[1])
        let root = Self.sha([1] + n01 + l[2])
        #expect(MerkleTree.root(of: d) == root)
        // Paths: leaf 0 needs l1 then l2; leaf 1 needs l0 then l2; leaf 2 (carried up a level
        // without sibling) needs only n01.
        #expect(MerkleTree.proof(index: 0, of: d) == [l[1], l[2]])
        #expect(MerkleTree.proof(index: 1, of: d) == [l[0], l[2]])
        #expect(MerkleTree.proof(index: 2, of: d) == [n01])
        #expect(MerkleTree.verify(leaf: d[2], index: 2, count: 3, proof: [n01], root: root))
        #expect(!MerkleTree.verify(leaf: d[2], index: 1, count: 3, proof: [n01], root: root))
        // The root in hex, as a seal carries it (the formula above in Python's hashlib gives the same).
        #expect(Hex.string(root) == "ba8d94b7fbcecae7b81c4c80574fe24734a6917bf9c1ecd66ff3e0c34ead4620")
        var builder = MerkleTree.Builder()
        d.forEach { builder.append(leaf: $0) }
        #expect(builder.root == root)
    }

    @Test("one leaf: the root is the leaf hash and the path is empty")
    func oneLeaf() {
        let d = Self.leaves(1)
        #expect(MerkleTree.root(of: d) == Self.sha([0] + d[0]))
        #expect(MerkleTree.proof(index: 0, of: d).isEmpty)
        #expect(MerkleTree.verify(leaf: d[0], index: 0, count: 1, proof: [], root: MerkleTree.root(of: d)))
        #expect(!MerkleTree.verify(leaf: d[0], index: 0, count: 2, proof: [], root: MerkleTree.root(of: d)))
    }

    @Test("every index of random trees of 1 to 300 leaves verifies; a changed leaf, path, index or count does not")
    func property() async {
        await propertyCheck(count: 60, input: Gen.int(in: 1...300), Gen.int(in: 0...255), Gen.int(in: 0...31)) {
            n, salt, byte in
            let d = Self.leaves(n, salt: UInt8(salt))
            let root = MerkleTree.root(of: d)
            #expect(root == Self.reference(d))
            var builder = MerkleTree.Builder()
            d.forEach { builder.append(leaf: $0) }
            #expect(builder.root == root)
            let paths = MerkleTree.proofs(indices: Array(0..<n), of: d)
            for i in 0..<n {
                let path = paths[i]
                if i == n / 2 { #expect(path == MerkleTree.proof(index: i, of: d)) }
                #expect(MerkleTree.verify(leaf: d[i], index: i, count: n, proof: path, root: root))
                var flipped = d[i]
                flipped[byte] ^= 1
                #expect(!MerkleTree.verify(leaf: flipped, index: i, count: n, proof: path, root: root))
                if !path.isEmpty {
                    var bad = path
                    bad[byte % path.count][byte] ^= 0x80
                    #expect(!MerkleTree.verify(leaf: d[i], index: i, count: n, proof: bad, root: root))
                }
                if n > 1 {
                    #expect(!MerkleTree.verify(leaf: d[i], index: (i + 1) % n, count: n, proof: path, root: root))
                }
                #expect(
                    !MerkleTree.verify(leaf: d[i], index: i, count: n + 1, proof: path, root: root)
                        || Self.sameShape(i, n, n + 1))
                #expect(!MerkleTree.verify(leaf: d[i], index: i, count: n, proof: path, root: Self.sha(root)))
            }
        }
    }

    /// Whether leaf `i` has the same path positions in trees of `a` and `b` leaves, so that a
    /// wrong count cannot be told from the path alone (the root then differs: the test's
    /// wrong-count case only applies when the shapes differ).
    static func sameShape(_ i: Int, _ a: Int, _ b: Int) -> Bool {
        func steps(_ count: Int) -> [Bool] {
            var position = i
            var last = count - 1
            var out: [Bool] = []
            while last > 0 {
                out.append(position % 2 == 1 || position < last)
                out.append(position % 2 == 1)
                position /= 2
                last /= 2
            }
            return out
        }
        return steps(a) == steps(b)
    }
}
