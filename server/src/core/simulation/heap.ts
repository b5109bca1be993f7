/**
 * An indexed binary min-heap over a fixed set of slots, each with one key (its next event time).
 * Every slot is always in the heap; "no event" is the key Infinity. Changing a key re-sifts that
 * slot only, so one event costs O(log slots). Keys are stored in heap order beside the slots, so
 * sifting compares neighbouring numbers without an indirection.
 */
export class IndexedHeap {
  /** heapKeys[k] = the key of the slot at heap position k. */
  private readonly heapKeys: Float64Array;
  /** heap[k] = slot at heap position k. */
  private readonly heap: Int32Array;
  /** position[slot] = its index in `heap`. */
  private readonly position: Int32Array;

  constructor(readonly size: number) {
    // One spare key past the end, always Infinity: a last left child's missing right sibling
    // never wins, so sifting needs no bounds check for it.
    this.heapKeys = new Float64Array(size + 1).fill(Infinity);
    this.heap = new Int32Array(size);
    this.position = new Int32Array(size);
    for (let k = 0; k < size; k++) {
      this.heap[k] = k;
      this.position[k] = k;
    }
  }

  /** The slot with the smallest key. */
  top(): number {
    return this.heap[0] as number;
  }

  /** The smallest key (Infinity for an empty heap). */
  topKey(): number {
    return this.size > 0 ? (this.heapKeys[0] as number) : Infinity;
  }

  /** A slot's key. */
  key(slot: number): number {
    return this.heapKeys[this.position[slot] as number] as number;
  }

  /** Sets a slot's key and restores the heap order. */
  set(slot: number, key: number): void {
    const k = this.position[slot] as number;
    const old = this.heapKeys[k] as number;
    if (key < old) this.siftUp(k, slot, key);
    else if (key > old) this.siftDown(k, slot, key);
  }

  /** Sets the key of the top slot, which can only move down (its key was the smallest). */
  replaceTop(key: number): void {
    this.siftDown(0, this.heap[0] as number, key);
  }

  /** Subtracts `offset` from every key (Infinity stays); the order is unchanged. */
  shift(offset: number): void {
    for (let k = 0; k < this.size; k++) this.heapKeys[k] = (this.heapKeys[k] as number) - offset;
  }

  private siftUp(start: number, slot: number, key: number): void {
    const heap = this.heap;
    const keys = this.heapKeys;
    const position = this.position;
    let k = start;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const parentKey = keys[parent] as number;
      if (parentKey <= key) break;
      const parentSlot = heap[parent] as number;
      heap[k] = parentSlot;
      keys[k] = parentKey;
      position[parentSlot] = k;
      k = parent;
    }
    heap[k] = slot;
    keys[k] = key;
    position[slot] = k;
  }

  private siftDown(start: number, slot: number, key: number): void {
    const heap = this.heap;
    const keys = this.heapKeys;
    const position = this.position;
    const n = this.size;
    let k = start;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= n) break;
      let childKey = keys[child] as number;
      // The right child only when strictly smaller (the spare Infinity past the end never is).
      const rightKey = keys[child + 1] as number;
      if (rightKey < childKey) {
        child++;
        childKey = rightKey;
      }
      if (childKey >= key) break;
      const childSlot = heap[child] as number;
      heap[k] = childSlot;
      keys[k] = childKey;
      position[childSlot] = k;
      k = child;
    }
    heap[k] = slot;
    keys[k] = key;
    position[slot] = k;
  }
}
