// gorgonia-canonicalize: constant folding, exact identities, CSE (never of state updates).
// RUN: gorgonia-opt --split-input-file %s -p gorgonia-canonicalize | filecheck %s

// Constants fold; x + 0 and 1 · x are x; -(-x) is x.
// CHECK-LABEL: func.func @fold_and_identities
// CHECK: %[[C:.*]] = "gorgonia.constant"() {value = dense<3.000000e+00> : tensor<f32>}
// CHECK: %[[M:.*]] = "gorgonia.hadamard_prod"(%arg0, %[[C]])
// CHECK: return %arg0, %arg0, %[[M]]
func.func @fold_and_identities(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %z = "gorgonia.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
  %o = "gorgonia.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
  %t = "gorgonia.constant"() {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
  %0 = "gorgonia.add"(%x, %z) : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %1 = "gorgonia.hadamard_prod"(%o, %0) : (tensor<f32>, tensor<3xf32>) -> tensor<3xf32>
  %2 = "gorgonia.neg"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %3 = "gorgonia.neg"(%2) : (tensor<3xf32>) -> tensor<3xf32>
  %4 = "gorgonia.add"(%t, %o) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %5 = "gorgonia.hadamard_prod"(%x, %4) : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  return %1, %3, %5 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// x · 0 → 0 for integers only (a float inf · 0 is NaN).
// CHECK-LABEL: func.func @times_zero
// CHECK: %[[Z:.*]] = "gorgonia.constant"() {value = dense<0> : tensor<3xi32>}
// CHECK: %[[F:.*]] = "gorgonia.hadamard_prod"(%arg1
// CHECK: return %[[Z]], %[[F]]
func.func @times_zero(%i: tensor<3xi32>, %x: tensor<3xf32>) -> (tensor<3xi32>, tensor<3xf32>) {
  %zi = "gorgonia.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
  %zf = "gorgonia.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
  %0 = "gorgonia.hadamard_prod"(%i, %zi) : (tensor<3xi32>, tensor<i32>) -> tensor<3xi32>
  %1 = "gorgonia.hadamard_prod"(%x, %zf) : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  return %0, %1 : tensor<3xi32>, tensor<3xf32>
}

// -----

// transpose∘transpose composes (identity vanishes), reshape∘reshape is one reshape, sum over size-1 axes reshapes.
// CHECK-LABEL: func.func @shapes
// CHECK: %[[T:.*]] = "gorgonia.transpose"(%arg0) {perm = array<i64: 1, 2, 0>}
// CHECK: %[[R:.*]] = "gorgonia.reshape"(%arg0) {shape = array<i64: 24>}
// CHECK: %[[S:.*]] = "gorgonia.reshape"(%arg1) {shape = array<i64: 3>}
// CHECK-NOT: "gorgonia.sum"
// CHECK: return %arg0, %[[T]], %[[R]], %[[S]]
func.func @shapes(%x: tensor<2x3x4xf32>, %y: tensor<1x3xf32>) -> (tensor<2x3x4xf32>, tensor<3x4x2xf32>, tensor<24xf32>, tensor<3xf32>) {
  %0 = "gorgonia.transpose"(%x) {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %1 = "gorgonia.transpose"(%0) {perm = array<i64: 1, 2, 0>} : (tensor<4x2x3xf32>) -> tensor<2x3x4xf32>
  %2 = "gorgonia.transpose"(%x) {perm = array<i64: 1, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  %3 = "gorgonia.transpose"(%2) {perm = array<i64: 0, 2, 1>} : (tensor<3x2x4xf32>) -> tensor<3x4x2xf32>
  %4 = "gorgonia.reshape"(%x) {shape = array<i64: 6, 4>} : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  %5 = "gorgonia.reshape"(%4) {shape = array<i64: 24>} : (tensor<6x4xf32>) -> tensor<24xf32>
  %6 = "gorgonia.sum"(%y) {along = array<i64: 0>, keepdims = false} : (tensor<1x3xf32>) -> tensor<3xf32>
  return %1, %3, %5, %6 : tensor<2x3x4xf32>, tensor<3x4x2xf32>, tensor<24xf32>, tensor<3xf32>
}

// -----

// CSE: identical ops merge; state updates (assign) never merge nor vanish; different attributes stay apart.
// CHECK-LABEL: func.func @cse
// CHECK-COUNT-1: "gorgonia.exp"
// CHECK: "gorgonia.sum"(%{{.*}}) {along = array<i64: 0>
// CHECK: "gorgonia.sum"(%{{.*}}) {along = array<i64: 1>
// CHECK-COUNT-2: "gorgonia.assign"
func.func @cse(%x: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %0 = "gorgonia.exp"(%x) : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %1 = "gorgonia.exp"(%x) : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %2 = "gorgonia.add"(%0, %1) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %3 = "gorgonia.sum"(%2) {along = array<i64: 0>, keepdims = false} : (tensor<2x2xf32>) -> tensor<2xf32>
  %4 = "gorgonia.sum"(%2) {along = array<i64: 1>, keepdims = false} : (tensor<2x2xf32>) -> tensor<2xf32>
  "gorgonia.assign"(%3) {name = "s"} : (tensor<2xf32>) -> ()
  "gorgonia.assign"(%3) {name = "s"} : (tensor<2xf32>) -> ()
  return %2, %3, %4 : tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// x ** c for a constant c: x¹ → x, x² → square(x), x³ → x·square(x), x⁻¹ → 1/x (np.power's special values);
// x^0.5 stays pow (sqrt(-0) = -0 and sqrt(-inf) = NaN, pow gives +0 and +inf), and so does an exponent
// that broadcasts x to a larger shape.
// CHECK-LABEL: func.func @pow_constant_exponent
// CHECK-DAG: %[[ONE:.*]] = "gorgonia.constant"() {value = dense<1.000000e+00> : tensor<f32>}
// CHECK-DAG: %[[HALF:.*]] = "gorgonia.constant"() {value = dense<5.000000e-01> : tensor<f32>}
// CHECK-DAG: %[[TWOS:.*]] = "gorgonia.constant"() {value = dense<2.000000e+00> : tensor<2x3xf32>}
// CHECK-DAG: %[[SQ:.*]] = "gorgonia.square"(%arg0)
// CHECK-DAG: %[[CUBE:.*]] = "gorgonia.hadamard_prod"(%arg0, %[[SQ]])
// CHECK-DAG: %[[INV:.*]] = "gorgonia.hadamard_div"(%[[ONE]], %arg0)
// CHECK-DAG: %[[ROOT:.*]] = "gorgonia.pow"(%arg0, %[[HALF]])
// CHECK-DAG: %[[WIDE:.*]] = "gorgonia.pow"(%arg0, %[[TWOS]])
// CHECK: return %arg0, %[[SQ]], %[[CUBE]], %[[INV]], %[[ROOT]], %[[WIDE]]
func.func @pow_constant_exponent(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2x3xf32>) {
  %c1 = "gorgonia.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
  %c2 = "gorgonia.constant"() {value = dense<2.0> : tensor<3xf32>} : () -> tensor<3xf32>
  %c3 = "gorgonia.constant"() {value = dense<3.0> : tensor<f32>} : () -> tensor<f32>
  %cm1 = "gorgonia.constant"() {value = dense<-1.0> : tensor<f32>} : () -> tensor<f32>
  %ch = "gorgonia.constant"() {value = dense<0.5> : tensor<f32>} : () -> tensor<f32>
  %cw = "gorgonia.constant"() {value = dense<2.0> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
  %0 = "gorgonia.pow"(%x, %c1) : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %1 = "gorgonia.pow"(%x, %c2) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %2 = "gorgonia.pow"(%x, %c3) : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %3 = "gorgonia.pow"(%x, %cm1) : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %4 = "gorgonia.pow"(%x, %ch) : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %5 = "gorgonia.pow"(%x, %cw) : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2x3xf32>
}

// -----

// Folding uses transforms/fold.py, not the numpy reference: exp of a constant stays exp (numpy's rounding
// is not our kernel's), integer division folds truncating toward zero (-7/2 = -3, 7/-2 = -3) with x/0 = 0,
// and an op with a subnormal operand stays (the CPU runtime flushes subnormals to zero).
// CHECK-LABEL: func.func @fold_only_exact_ops
// CHECK-DAG: %[[E:.*]] = "gorgonia.exp"(%{{.*}}) : (tensor<f32>) -> tensor<f32>
// CHECK-DAG: %[[Q:.*]] = "gorgonia.constant"() {value = dense<[-3, -3, 0, 3]> : tensor<4xi32>}
// CHECK-DAG: %[[S:.*]] = "gorgonia.add"(%{{.*}}, %{{.*}}) : (tensor<f32>, tensor<f32>) -> tensor<f32>
// CHECK-NOT: "gorgonia.hadamard_div"
// CHECK: return %[[E]], %[[Q]], %[[S]]
func.func @fold_only_exact_ops() -> (tensor<f32>, tensor<4xi32>, tensor<f32>) {
  %one = "gorgonia.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
  %0 = "gorgonia.exp"(%one) : (tensor<f32>) -> tensor<f32>
  %x = "gorgonia.constant"() {value = dense<[-7, 7, 5, 7]> : tensor<4xi32>} : () -> tensor<4xi32>
  %y = "gorgonia.constant"() {value = dense<[2, -2, 0, 2]> : tensor<4xi32>} : () -> tensor<4xi32>
  %1 = "gorgonia.hadamard_div"(%x, %y) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %tiny = "gorgonia.constant"() {value = dense<1.0e-45> : tensor<f32>} : () -> tensor<f32>
  %2 = "gorgonia.add"(%tiny, %one) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %0, %1, %2 : tensor<f32>, tensor<4xi32>, tensor<f32>
}
