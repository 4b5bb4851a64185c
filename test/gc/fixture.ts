// A world holding an object of every type of the layout table, for tests of what collections
// preserve. Each item of the Lisp global `fixture` is paired with a box of junk allocated next to
// it; clearing the boxes (killJunkInOldSpace) leaves the items alone in sparse pages, so that a compacting
// collection moves them. `(fixture-ok?)` checks, in Lisp, that every item still behaves.

import { Evaluator, evaluator } from "../language/support";
import * as L from "../../runtime/layout";
import { hashMapSet, makeHashMap } from "../../runtime/hamt";
import { Heap } from "../../runtime/heap";
import { tracedWords } from "../../gc/collector";

const FIXTURE = `
(define-record-type point (make-point x y) point? (x point-x) (y point-y set-point-y!))
(define-syntax swap!
  (syntax-rules () ((_ a b) (let ((t a)) (set! a b) (set! b t)))))
(define junk-boxes '())
(define (with-junk x)
  (let ((b (box (list (make-vector 30 'junk) (make-list 30 'junk) (box 'junk) (make-string 40 #\\j)))))
    (set! junk-boxes (cons b junk-boxes))
    (cons x b)))
(define (clear-junk) (for-each (lambda (b) (set-box! b #f)) junk-boxes))
(define (deep n) (if (= n 0) (call/cc (lambda (k) k)) (let ((k (deep (- n 1)))) k)))
(define fixture
  (map with-junk
    (list (vector 1 "two" 'three)
          "narrow"
          "wide \\x3bb; string"
          'a-symbol
          (expt 2 100)
          3.25
          (bytevector 1 2 3)
          (box 'boxed)
          (make-point 1 2)
          (let ((n 0)) (lambda () (set! n (+ n 1)) n))
          car
          (values 1 2)
          (make-parameter 10)
          (case-lambda ((x) (list 'one x)) ((x y) (list 'two x y)))
          (open-input-string "port text")
          (hash-map 'a 1 'b 2)
          (let loop ((i 0) (m (hash-map))) (if (= i 200) m (loop (+ i 1) (hash-map-set m i (* i i)))))
          (let ((t (make-hash-table))) (hash-table-set! t 'k 'v) t)
          (interaction-environment)
          (deep 100000))))
(define (item i) (car (list-ref fixture i)))
(define (fixture-ok?)
  (and (equal? (item 0) (vector 1 "two" 'three))
       (string=? (item 1) "narrow")
       (string=? (item 2) "wide \\x3bb; string")
       (eq? (item 3) 'a-symbol)
       (= (item 4) (* (expt 2 50) (expt 2 50)))
       (= (item 5) 3.25)
       (equal? (item 6) (bytevector 1 2 3))
       (eq? (unbox (item 7)) 'boxed)
       (point? (item 8))
       (= (point-x (item 8)) 1)
       (number? ((item 9)))
       (eq? ((item 10) '(1 2)) 1)
       (equal? (call-with-values (lambda () (item 11)) list) '(1 2))
       (= ((item 12)) 10)
       (equal? ((item 13) 5) '(one 5))
       (equal? ((item 13) 5 6) '(two 5 6))
       (eqv? (peek-char (item 14)) #\\p)
       (= (hash-map-ref (item 15) 'b) 2)
       (= (hash-map-ref (item 16) 150) 22500)
       (eq? (hash-table-ref/default (item 17) 'k #f) 'v)
       (= (eval '(+ 1 2) (item 18)) 3)
       (procedure? (item 19))
       (= (hash-map-count collisions) 3)
       (let ((a 1) (b 2)) (swap! a b) (and (= a 2) (= b 1)))))`;

/** Keys whose identity hashes are equal, so that a map of them has a collision node. */
const COLLIDING_HASH = 7;
const COLLIDING_KEYS = 3;

export interface Fixture {
  readonly e: Evaluator;
  readonly heap: Heap;
  /**
   * Promotes everything, then sets every junk box to #f, then promotes what that allocated: the
   * junk is garbage in old pages, beside the items.
   */
  killJunkInOldSpace(): Promise<void>;
  /** Whether `(fixture-ok?)` is #t. */
  ok(): Promise<boolean>;
  /** The word index of each item of the fixture, in order. */
  itemAddresses(): number[];
}

export async function makeFixture(): Promise<Fixture> {
  const e = evaluator();
  const heap = e.session.world.heap;
  await e.value(FIXTURE);
  // Records whose hashes collide, which Lisp cannot make on purpose.
  let map = makeHashMap(heap, L.HASH_MAP_EQUIVALENCE_EQV);
  for (let i = 0; i < COLLIDING_KEYS; i++) {
    const r = heap.allocate(L.OBJECT_RECORD, L.RECORD_FIELDS - 1);
    heap.initField(r, L.RECORD_DESCRIPTOR, L.FALSE);
    heap.initField(r, L.RECORD_HASH, L.makeFixnum(COLLIDING_HASH));
    map = hashMapSet(heap, map, r, L.makeFixnum(i));
  }
  e.session.world.globals.define(e.session.world.symbols.intern("collisions"), map);
  return {
    e,
    heap,
    killJunkInOldSpace: async () => {
      heap.collector.collect("minor");
      await e.value("(clear-junk)");
      heap.collector.collect("minor");
    },
    ok: async () => (await e.value("(fixture-ok?)")) === "#t",
    itemAddresses: () => {
      const addresses: number[] = [];
      for (let l = e.session.global("fixture"); L.isPair(l); l = heap.cdr(l)) addresses.push(L.addressOf(heap.car(heap.car(l))));
      return addresses;
    },
  };
}

/** The header types of every object reachable from the roots. */
export function reachableTypes(heap: Heap): Set<number> {
  const types = new Set<number>();
  const seen = new Set<number>();
  const work: number[] = [];
  const visit = (w: number): number => {
    if (L.isPointer(w) && !seen.has(L.addressOf(w))) {
      seen.add(L.addressOf(w));
      work.push(w);
    }
    return w;
  };
  heap.roots.forEach(visit);
  for (const set of heap.rootSets) set.forEachRoot(visit);
  while (work.length > 0) {
    const w = work.pop()!;
    const at = L.addressOf(w);
    if (L.isPair(w)) {
      visit(heap.words[at]);
      visit(heap.words[at + 1]);
      continue;
    }
    const header = heap.words[at];
    types.add(L.headerType(header));
    for (let i = 1; i <= tracedWords(header); i++) visit(heap.words[at + i]);
  }
  return types;
}
