;; The record scanner of split-records.ts, in WebAssembly with 128-bit SIMD: it finds the records of a big
;; CloudTrail file ({"Records":[...]} or a bare array) and writes each as one line, `index<TAB>record<LF>`.
;; `npm run build:wasm` compiles this file into record-scan-wasm.ts; a unit test checks the two agree.
;;
;; It tracks only strings and nesting, never parses values, 64 bytes at a time: masks of the quotes, backslashes
;; and brackets of a block, the bytes escaped by a backslash (simdjson's method), and the bytes inside strings (a
;; prefix xor of the unescaped quotes). Only the brackets and control bytes outside strings are then visited one
;; by one. Bytes left over at the end of a call (under 64) are read one at a time with the same rules, and the
;; state carries from call to call, so chunk boundaries never matter.
;;
;; A record is an object opened at depth `target` (2 inside {"Records":[...]}, 1 inside a bare [...]); when it
;; closes, its bytes are copied to the output after its index and a tab. Line breaks and tabs between its tokens
;; become spaces first (inside strings JSON escapes them), so each record is one line with one tab.
;;
;; Memory belongs to the caller, who writes the input and reads the output; the scanner keeps its state in
;; globals. `start` is the address of the record being read (0: none), and may lie before the bytes of this call,
;; where the caller keeps the record's earlier bytes.
(module
  (memory (export "memory") 1 65536)
  (global $depth (mut i32) (i32.const 0))
  (global $in_string (mut i64) (i64.const 0)) ;; all ones when the next byte is inside a string
  (global $escaped_next (mut i64) (i64.const 0)) ;; 1 when the next byte is escaped by a backslash
  (global $start (mut i32) (i32.const 0))
  (global $target (mut i32) (i32.const 2))
  (global $records (mut i64) (i64.const 0))
  (global $longest (mut i32) (i32.const 0))
  (global $out (mut i32) (i32.const 0))

  (func (export "reset") (param $target i32)
    (global.set $depth (i32.const 0))
    (global.set $in_string (i64.const 0))
    (global.set $escaped_next (i64.const 0))
    (global.set $start (i32.const 0))
    (global.set $target (local.get $target))
    (global.set $records (i64.const 0))
    (global.set $longest (i32.const 0)))
  (func (export "start") (result i32) (global.get $start))
  (func (export "setStart") (param $at i32) (global.set $start (local.get $at)))
  (func (export "records") (result f64) (f64.convert_i64_u (global.get $records)))
  (func (export "longest") (result i32) (global.get $longest))

  ;; Writes `index<TAB>bytes[s, e)<LF>` at $out.
  (func $emit (param $s i32) (param $e i32)
    (local $n i64) (local $digits i32) (local $o i32) (local $len i32)
    (local.set $n (global.get $records))
    (local.set $digits (i32.const 1))
    (block $counted
      (loop $count
        (br_if $counted (i64.lt_u (local.get $n) (i64.const 10)))
        (local.set $n (i64.div_u (local.get $n) (i64.const 10)))
        (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
        (br $count)))
    (local.set $o (i32.add (global.get $out) (local.get $digits)))
    (local.set $n (global.get $records))
    (loop $digit
      (local.set $o (i32.sub (local.get $o) (i32.const 1)))
      (i32.store8 (local.get $o)
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $n) (i64.const 10)))))
      (local.set $n (i64.div_u (local.get $n) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $n) (i64.const 0))))
    (local.set $o (i32.add (global.get $out) (local.get $digits)))
    (i32.store8 (local.get $o) (i32.const 9))
    (local.set $o (i32.add (local.get $o) (i32.const 1)))
    (local.set $len (i32.sub (local.get $e) (local.get $s)))
    (memory.copy (local.get $o) (local.get $s) (local.get $len))
    (local.set $o (i32.add (local.get $o) (local.get $len)))
    (i32.store8 (local.get $o) (i32.const 10))
    (global.set $out (i32.add (local.get $o) (i32.const 1)))
    (global.set $records (i64.add (global.get $records) (i64.const 1)))
    (if (i32.gt_u (local.get $len) (global.get $longest))
      (then (global.set $longest (local.get $len)))))

  ;; A byte outside strings at $a: a bracket opens or closes a level (and maybe a record); a line break or tab
  ;; inside a record becomes a space. ORing 0x20 maps [ to { and ] to }.
  (func $outside_string (param $a i32) (param $c i32)
    (if (i32.eq (i32.or (local.get $c) (i32.const 0x20)) (i32.const 0x7b))
      (then
        (if (i32.and (i32.eq (global.get $depth) (global.get $target)) (i32.eq (local.get $c) (i32.const 0x7b)))
          (then (global.set $start (local.get $a))))
        (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
        (return)))
    (if (i32.eq (i32.or (local.get $c) (i32.const 0x20)) (i32.const 0x7d))
      (then
        (global.set $depth (i32.sub (global.get $depth) (i32.const 1)))
        (if (i32.and
              (i32.and (i32.eq (global.get $depth) (global.get $target)) (i32.eq (local.get $c) (i32.const 0x7d)))
              (i32.ne (global.get $start) (i32.const 0)))
          (then
            (call $emit (global.get $start) (i32.add (local.get $a) (i32.const 1)))
            (global.set $start (i32.const 0))))
        (return)))
    (if (i32.and
          (i32.gt_s (global.get $depth) (global.get $target))
          (i32.or
            (i32.or (i32.eq (local.get $c) (i32.const 0x09)) (i32.eq (local.get $c) (i32.const 0x0a)))
            (i32.eq (local.get $c) (i32.const 0x0d))))
      (then (i32.store8 (local.get $a) (i32.const 0x20)))))

  ;; Masks of 16 bytes: quotes; backslashes; brackets and control bytes (the bytes that may matter outside strings).
  (func $classes (param $v v128) (result i32 i32 i32)
    (local $folded v128)
    (local.set $folded (v128.or (local.get $v) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)))
    (i8x16.bitmask (i8x16.eq (local.get $v) (v128.const i8x16 34 34 34 34 34 34 34 34 34 34 34 34 34 34 34 34)))
    (i8x16.bitmask (i8x16.eq (local.get $v) (v128.const i8x16 92 92 92 92 92 92 92 92 92 92 92 92 92 92 92 92)))
    (i8x16.bitmask
      (v128.or
        (v128.or
          (i8x16.eq (local.get $folded)
            (v128.const i8x16 123 123 123 123 123 123 123 123 123 123 123 123 123 123 123 123))
          (i8x16.eq (local.get $folded)
            (v128.const i8x16 125 125 125 125 125 125 125 125 125 125 125 125 125 125 125 125)))
        (i8x16.lt_u (local.get $v) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)))))

  ;; Scans [p, p+n) and writes the lines of the records that close there from `out`; returns where they end.
  (func (export "split") (param $p i32) (param $n i32) (param $out i32) (result i32)
    (local $end i32) (local $i i32) (local $quote i32) (local $backslash i32) (local $other i32)
    (local $quotes i64) (local $backslashes i64) (local $todo i64)
    (local $escaped i64) (local $starts i64) (local $code i64) (local $inside i64)
    (local $a i32) (local $c i32) (local $was_escaped i32)
    (global.set $out (local.get $out))
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    (block $blocks_done
      (loop $block
        (br_if $blocks_done (i32.gt_u (i32.add (local.get $p) (i32.const 64)) (local.get $end)))
        (local.set $quotes (i64.const 0))
        (local.set $backslashes (i64.const 0))
        (local.set $todo (i64.const 0))
        (local.set $i (i32.const 0))
        (loop $vector
          (call $classes (v128.load (i32.add (local.get $p) (local.get $i))))
          (local.set $other)
          (local.set $backslash)
          (local.set $quote)
          (local.set $quotes (i64.or (local.get $quotes)
            (i64.shl (i64.extend_i32_u (local.get $quote)) (i64.extend_i32_u (local.get $i)))))
          (local.set $backslashes (i64.or (local.get $backslashes)
            (i64.shl (i64.extend_i32_u (local.get $backslash)) (i64.extend_i32_u (local.get $i)))))
          (local.set $todo (i64.or (local.get $todo)
            (i64.shl (i64.extend_i32_u (local.get $other)) (i64.extend_i32_u (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br_if $vector (i32.lt_u (local.get $i) (i32.const 64))))
        ;; The bytes escaped: each backslash that is not itself escaped escapes the next byte. The odd/even
        ;; trick finds where runs of backslashes start and which of their bytes are escaped (from simdjson).
        (if (i64.eqz (local.get $backslashes))
          (then
            (local.set $escaped (global.get $escaped_next))
            (global.set $escaped_next (i64.const 0)))
          (else
            (local.set $starts (i64.and (local.get $backslashes) (i64.xor (global.get $escaped_next) (i64.const -1))))
            (local.set $code
              (i64.xor
                (i64.sub
                  (i64.or (i64.shl (local.get $starts) (i64.const 1)) (i64.const 0xAAAAAAAAAAAAAAAA))
                  (local.get $starts))
                (i64.const 0xAAAAAAAAAAAAAAAA)))
            (local.set $escaped
              (i64.xor (local.get $code) (i64.or (local.get $backslashes) (global.get $escaped_next))))
            (global.set $escaped_next
              (i64.shr_u (i64.and (local.get $code) (local.get $backslashes)) (i64.const 63)))))
        ;; Inside strings: each unescaped quote flips the state, so a prefix xor of them marks the strings.
        (local.set $inside (i64.and (local.get $quotes) (i64.xor (local.get $escaped) (i64.const -1))))
        (local.set $inside (i64.xor (local.get $inside) (i64.shl (local.get $inside) (i64.const 1))))
        (local.set $inside (i64.xor (local.get $inside) (i64.shl (local.get $inside) (i64.const 2))))
        (local.set $inside (i64.xor (local.get $inside) (i64.shl (local.get $inside) (i64.const 4))))
        (local.set $inside (i64.xor (local.get $inside) (i64.shl (local.get $inside) (i64.const 8))))
        (local.set $inside (i64.xor (local.get $inside) (i64.shl (local.get $inside) (i64.const 16))))
        (local.set $inside (i64.xor (local.get $inside) (i64.shl (local.get $inside) (i64.const 32))))
        (local.set $inside (i64.xor (local.get $inside) (global.get $in_string)))
        (global.set $in_string (i64.shr_s (local.get $inside) (i64.const 63)))
        (local.set $todo (i64.and (local.get $todo) (i64.xor (local.get $inside) (i64.const -1))))
        (block $visited
          (loop $visit
            (br_if $visited (i64.eqz (local.get $todo)))
            (local.set $a (i32.add (local.get $p) (i32.wrap_i64 (i64.ctz (local.get $todo)))))
            (call $outside_string (local.get $a) (i32.load8_u (local.get $a)))
            (local.set $todo (i64.and (local.get $todo) (i64.sub (local.get $todo) (i64.const 1))))
            (br $visit)))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br $block)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $p)))
        (local.set $was_escaped (i32.wrap_i64 (global.get $escaped_next)))
        (global.set $escaped_next
          (i64.extend_i32_u (i32.and (i32.eq (local.get $c) (i32.const 92)) (i32.eqz (local.get $was_escaped)))))
        (if (i32.and (i32.eq (local.get $c) (i32.const 34)) (i32.eqz (local.get $was_escaped)))
          (then (global.set $in_string (i64.xor (global.get $in_string) (i64.const -1))))
          (else
            (if (i64.eqz (global.get $in_string))
              (then (call $outside_string (local.get $p) (local.get $c))))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $tail)))
    (global.get $out)))
