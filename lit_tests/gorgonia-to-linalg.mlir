// gorgonia-to-linalg: every gorgonia op becomes linalg / tensor / arith / math (+ util globals).
// RUN: gorgonia-opt --split-input-file %s -p gorgonia-verify,gorgonia-to-linalg | filecheck %s
// RUN: gorgonia-opt --split-input-file %s -p gorgonia-to-linalg | filecheck %s --check-prefix=NONE
// RUN: gorgonia-opt --split-input-file %s -p gorgonia-to-linalg | iree-opt --split-input-file > /dev/null

// No gorgonia op survives the lowering.
// NONE-NOT: "gorgonia.

// Elementwise ops are one linalg.generic each; broadcasting is in the indexing maps.
// CHECK-DAG: #[[$ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$SCALAR2:map[0-9]*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @binary_broadcast
func.func @binary_broadcast(%x: tensor<2x3xf32>, %y: tensor<3xf32>, %s: tensor<f32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  // CHECK: linalg.generic {indexing_maps = [#[[$ID2]], #[[$ROW]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
  // CHECK-SAME: ins(%arg0, %arg1 : tensor<2x3xf32>, tensor<3xf32>)
  // CHECK: arith.addf
  // CHECK: linalg.yield
  %0 = "gorgonia.add"(%x, %y) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: linalg.generic {indexing_maps = [#[[$ID2]], #[[$SCALAR2]], #[[$ID2]]]
  // CHECK: arith.mulf
  %1 = "gorgonia.hadamard_prod"(%0, %s) : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @float_ops
func.func @float_ops(%x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  // CHECK: arith.subf
  %0 = "gorgonia.sub"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  // CHECK: arith.divf
  %1 = "gorgonia.hadamard_div"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  // pow (libm.pow): f32 computes exp(y·log|x|) in f64, then numpy's special cases as selects
  // CHECK: arith.extf
  // CHECK: math.log {{.*}} : f64
  // CHECK: math.exp {{.*}} : f64
  // CHECK: math.floor
  // CHECK: arith.truncf
  %2 = "gorgonia.pow"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  // CHECK: arith.negf
  %3 = "gorgonia.neg"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  // exp: IREE's, evaluated at x - c (exact) and scaled by e^c above 87 where IREE's loses 5 ulp
  // CHECK: arith.cmpf ogt
  // CHECK: arith.select
  // CHECK: math.exp
  // CHECK: arith.select
  %4 = "gorgonia.exp"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: math.log
  %5 = "gorgonia.log"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  // tanh (Cephes tanhf): odd polynomial below 0.625, 1 - 2/(e^{2|x|}+1) above; no math.tanh
  // CHECK-NOT: math.tanh
  // CHECK: math.exp
  // CHECK: arith.divf
  // CHECK: arith.select
  // the sign bit of x ored into the result (vmvx has no math.copysign)
  // CHECK: arith.ori %{{.*}}, %{{.*}} : i32
  // CHECK-NOT: math.copysign
  %6 = "gorgonia.tanh"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: math.sqrt
  %7 = "gorgonia.sqrt"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: arith.maximumf
  %8 = "gorgonia.rectify"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  // sigmoid: 1 / (1 + exp(-x)) with the f32 exp above
  // CHECK: arith.negf
  // CHECK: math.exp
  // CHECK: arith.select
  // CHECK-NEXT: arith.addf
  // CHECK-NEXT: arith.divf
  %9 = "gorgonia.sigmoid"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Integer variants pick the arith integer ops.
// CHECK-LABEL: func.func @int_ops
func.func @int_ops(%i: tensor<3xi32>, %j: tensor<3xi32>) -> (tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>) {
  // CHECK: ^bb0(%{{.*}}: i32, %{{.*}}: i32, %{{.*}}: i32):
  // CHECK-NEXT: arith.addi
  %0 = "gorgonia.add"(%i, %j) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  // CHECK: arith.subi
  %1 = "gorgonia.sub"(%i, %j) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  // CHECK: arith.muli
  %2 = "gorgonia.hadamard_prod"(%i, %j) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  // Integer division by zero gives 0 instead of trapping.
  // CHECK: arith.cmpi eq
  // CHECK: arith.divsi
  %3 = "gorgonia.hadamard_div"(%i, %j) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  // CHECK: arith.maxsi
  %4 = "gorgonia.rectify"(%i) : (tensor<3xi32>) -> tensor<3xi32>
  return %0, %1, %2, %3, %4 : tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>
}

// -----

// CHECK-LABEL: func.func @compare
func.func @compare(%x: tensor<3xf64>, %i: tensor<3xi64>) -> (tensor<3xi1>, tensor<3xi64>) {
  // CHECK: arith.cmpf olt
  // CHECK-NEXT: linalg.yield %{{.*}} : i1
  %0 = "gorgonia.lt"(%x, %x) {ret_same = false} : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xi1>
  // ret_same: 1/0 in the operands' dtype.
  // CHECK: arith.cmpi sge
  // CHECK-NEXT: arith.select
  // CHECK-NEXT: linalg.yield %{{.*}} : i64
  %1 = "gorgonia.gte"(%i, %i) {ret_same = true} : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  return %0, %1 : tensor<3xi1>, tensor<3xi64>
}

// -----

// Contractions are named linalg ops accumulating into a zero-filled tensor.
// CHECK-LABEL: func.func @contractions
func.func @contractions(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %v: tensor<3xf32>) -> (tensor<2x4xf32>, tensor<2xf32>, tensor<f32>) {
  // CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
  // CHECK: %[[FILL:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<2x4xf32>)
  // CHECK: linalg.matmul ins(%arg0, %arg1 : tensor<2x3xf32>, tensor<3x4xf32>) outs(%[[FILL]] : tensor<2x4xf32>)
  %0 = "gorgonia.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  // CHECK: linalg.matvec ins(%arg0, %arg2 : tensor<2x3xf32>, tensor<3xf32>)
  %1 = "gorgonia.matvec"(%a, %v) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2xf32>
  // CHECK: linalg.dot ins(%arg2, %arg2 : tensor<3xf32>, tensor<3xf32>)
  %2 = "gorgonia.dot"(%v, %v) : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  return %0, %1, %2 : tensor<2x4xf32>, tensor<2xf32>, tensor<f32>
}

// -----

// outer_prod: a generic whose operands index different loops.
// CHECK-DAG: #[[$I:map[0-9]*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$J:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$IJ:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @outer
func.func @outer(%u: tensor<2xf32>, %v: tensor<3xf32>) -> tensor<2x3xf32> {
  // CHECK: linalg.generic {indexing_maps = [#[[$I]], #[[$J]], #[[$IJ]]], iterator_types = ["parallel", "parallel"]}
  // CHECK: arith.mulf
  %0 = "gorgonia.outer_prod"(%u, %v) : (tensor<2xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// sum: a reduction generic over the `along` axes; keepdims reshapes the result.
// CHECK-DAG: #[[$ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROWS:map[0-9]*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$COLS:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$FLAT:map[0-9]*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$ALL:map[0-9]*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @sum
func.func @sum(%x: tensor<2x3xf64>) -> (tensor<2xf64>, tensor<1x3xf64>, tensor<f64>) {
  // CHECK: linalg.generic {indexing_maps = [#[[$ID2]], #[[$ROWS]]], iterator_types = ["parallel", "reduction"]}
  // CHECK: arith.addf
  %0 = "gorgonia.sum"(%x) {along = array<i64: 1>, keepdims = false} : (tensor<2x3xf64>) -> tensor<2xf64>
  // CHECK: %[[COLSUM:.+]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$COLS]]], iterator_types = ["reduction", "parallel"]}
  // CHECK: tensor.reshape %[[COLSUM]](%{{.*}}) : (tensor<3xf64>, tensor<2xi64>) -> tensor<1x3xf64>
  %1 = "gorgonia.sum"(%x) {along = array<i64: 0>, keepdims = true} : (tensor<2x3xf64>) -> tensor<1x3xf64>
  // All axes: the flattened tensor is reduced (IREE 3.13 fails on a rank-0 reduction over several loops fused
  // with a broadcasting product, e.g. sum(v * w)).
  // CHECK: %[[FLAT6:.+]] = tensor.reshape %arg0(%{{.*}}) : (tensor<2x3xf64>, tensor<1xi64>) -> tensor<6xf64>
  // CHECK: linalg.generic {indexing_maps = [#[[$FLAT]], #[[$ALL]]], iterator_types = ["reduction"]} ins(%[[FLAT6]]
  %2 = "gorgonia.sum"(%x) {along = array<i64: 0, 1>, keepdims = false} : (tensor<2x3xf64>) -> tensor<f64>
  return %0, %1, %2 : tensor<2xf64>, tensor<1x3xf64>, tensor<f64>
}

// -----

// CHECK-DAG: #[[$ROW:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @shapes
func.func @shapes(%x: tensor<2x3xf32>, %v: tensor<3xf32>) -> (tensor<3x2xf32>, tensor<3x2xf32>, tensor<2x3xf32>) {
  // CHECK: %[[SHAPE:.+]] = arith.constant dense<[3, 2]> : tensor<2xi64>
  // CHECK: tensor.reshape %arg0(%[[SHAPE]]) : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<3x2xf32>
  %0 = "gorgonia.reshape"(%x) {shape = array<i64: 3, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  // CHECK: linalg.transpose ins(%arg0 : tensor<2x3xf32>) outs(%{{.*}} : tensor<3x2xf32>) permutation = [1, 0]
  %1 = "gorgonia.transpose"(%x) {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  // broadcast_to: a copy through a broadcasting indexing map.
  // CHECK: linalg.generic {indexing_maps = [#[[$ROW]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%arg1 : tensor<3xf32>)
  // CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.*}}: f32):
  // CHECK-NEXT: linalg.yield %[[IN]] : f32
  %2 = "gorgonia.broadcast_to"(%v) {shape = array<i64: 2, 3>} : (tensor<3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2 : tensor<3x2xf32>, tensor<3x2xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @constants
func.func @constants() -> (tensor<2xf32>, tensor<f64>, tensor<2x2xi1>) {
  // CHECK-DAG: arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
  // CHECK-DAG: arith.constant dense<3.000000e+00> : tensor<f64>
  // CHECK-DAG: arith.constant dense<true> : tensor<2x2xi1>
  %0 = "gorgonia.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %1 = "gorgonia.constant"() {value = dense<3.0> : tensor<f64>} : () -> tensor<f64>
  %2 = "gorgonia.constant"() {value = dense<true> : tensor<2x2xi1>} : () -> tensor<2x2xi1>
  return %0, %1, %2 : tensor<2xf32>, tensor<f64>, tensor<2x2xi1>
}

// -----

// A learnable is a private mutable util.global, read where it is used; __get_/__set_ accessors let
// the runtime read and write it.
// CHECK: util.global private mutable @p_w : tensor<3x4xf32>
// CHECK-LABEL: func.func @learnable
func.func @learnable(%x: tensor<2x3xf32>) -> tensor<2x4xf32> {
  // CHECK: %[[W:.+]] = util.global.load @p_w : tensor<3x4xf32>
  // CHECK: linalg.matmul ins(%arg0, %[[W]] : tensor<2x3xf32>, tensor<3x4xf32>)
  %w = "gorgonia.learnable"() {dtype = "f32", name = "w", shape = array<i64: 3, 4>} : () -> tensor<3x4xf32>
  %0 = "gorgonia.matmul"(%x, %w) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
// CHECK-LABEL: func.func @__get_p_w() -> tensor<3x4xf32>
// CHECK-NEXT: %[[V:.+]] = util.global.load @p_w : tensor<3x4xf32>
// CHECK-NEXT: return %[[V]]
// CHECK-LABEL: func.func @__set_p_w(%arg0: tensor<3x4xf32>)
// CHECK-NEXT: util.global.store %arg0, @p_w : tensor<3x4xf32>
