// gorgonia-to-linalg on the reductions family: max/min/prod are one reducing linalg.generic from their
// identity (-inf / INT_MAX / 1), log_sum_exp is m + log1p of the sum without the max's term, argmax is two
// associative reductions, batched_matmul folds transposes into linalg.batch_matmul's indexing maps and
// tensordot is linalg.contract (a parallel linalg.generic when nothing is contracted).
// RUN: gorgonia-opt --split-input-file %s -p gorgonia-verify,gorgonia-to-linalg | filecheck %s
// RUN: gorgonia-opt --split-input-file %s -p gorgonia-to-linalg | iree-opt --split-input-file > /dev/null

// CHECK-LABEL: func.func @extrema
func.func @extrema(%x: tensor<4x6xf32>, %i: tensor<4x6xi32>) -> (tensor<4xf32>, tensor<1x6xi32>, tensor<f32>) {
  // CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
  // CHECK-DAG: %[[IMAX:.*]] = arith.constant 2147483647 : i32
  // CHECK-DAG: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
  // CHECK: linalg.fill ins(%[[NINF]] : f32) outs(%{{.*}} : tensor<4xf32>)
  // CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<4x6xf32>)
  // CHECK: arith.maximumf
  %0 = "gorgonia.max"(%x) {along = array<i64: 1>, keepdims = false} : (tensor<4x6xf32>) -> tensor<4xf32>
  // CHECK: linalg.fill ins(%[[IMAX]] : i32) outs(%{{.*}} : tensor<6xi32>)
  // CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]} ins(%arg1 : tensor<4x6xi32>)
  // CHECK: arith.minsi
  // CHECK: tensor.reshape {{.*}} -> tensor<1x6xi32>
  %1 = "gorgonia.min"(%i) {along = array<i64: 0>, keepdims = true} : (tensor<4x6xi32>) -> tensor<1x6xi32>
  // All axes: the flattened tensor is reduced (builders.reduce: IREE 3.13 fails on sum(v * w) otherwise).
  // CHECK: tensor.reshape %arg0({{.*}}) : (tensor<4x6xf32>, tensor<1xi64>) -> tensor<24xf32>
  // CHECK: linalg.fill ins(%[[ONE]] : f32) outs(%{{.*}} : tensor<f32>)
  // CHECK: iterator_types = ["reduction"]}
  // CHECK: arith.mulf
  %2 = "gorgonia.prod"(%x) {along = array<i64: 0, 1>, keepdims = false} : (tensor<4x6xf32>) -> tensor<f32>
  return %0, %1, %2 : tensor<4xf32>, tensor<1x6xi32>, tensor<f32>
}

// -----

// CHECK-LABEL: func.func @log_sum_exp
func.func @log_sum_exp(%x: tensor<4x6xf64>) -> tensor<4xf64> {
  // CHECK-DAG: %[[INF:.*]] = arith.constant 0x7FF0000000000000 : f64
  // CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
  // CHECK-DAG: %[[MONE:.*]] = arith.constant -1.000000e+00 : f64
  // CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
  // CHECK: %[[M:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<4x6xf64>)
  // CHECK: arith.maximumf
  // One generic, two sums: exp(x - m) of the entries below the max, and count(x == m) - 1 (from -1).
  // CHECK: %[[Z:.*]] = linalg.fill ins(%[[ZERO]] : f64)
  // CHECK: %[[C:.*]] = linalg.fill ins(%[[MONE]] : f64)
  // CHECK: %[[S:.*]]:2 = linalg.generic {{.*}} ins(%arg0, %[[M]] : tensor<4x6xf64>, tensor<4xf64>) outs(%[[Z]], %[[C]] : tensor<4xf64>, tensor<4xf64>)
  // CHECK: %[[AT:.*]] = arith.cmpf oeq
  // CHECK: math.exp
  // CHECK: arith.select %[[AT]], %[[ZERO]], %{{.*}}
  // CHECK: arith.addf
  // CHECK: arith.select %[[AT]], %[[ONE]], %[[ZERO]]
  // CHECK: arith.addf
  // CHECK: linalg.yield
  // m + log1p(below + ties), f64 log1p by libm (Kahan's log(u)·x/(u - 1)); a non-finite m is the result.
  // CHECK: linalg.generic {{.*}} ins(%[[S]]#0, %[[S]]#1, %[[M]] : tensor<4xf64>, tensor<4xf64>, tensor<4xf64>)
  // CHECK: ^bb0(%{{.*}}: f64, %{{.*}}: f64, %[[MX:.*]]: f64, %{{.*}}: f64):
  // CHECK: %[[ABS:.*]] = math.absf %[[MX]]
  // CHECK: %[[FIN:.*]] = arith.cmpf one, %[[ABS]], %[[INF]]
  // CHECK: math.log
  // CHECK: arith.divf
  // CHECK: %[[LSE:.*]] = arith.addf %[[MX]], %{{.*}}
  // CHECK: arith.select %[[FIN]], %[[LSE]], %[[MX]]
  %0 = "gorgonia.log_sum_exp"(%x) {along = array<i64: 1>, keepdims = false} : (tensor<4x6xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// -----

// CHECK-LABEL: func.func @argmax
func.func @argmax(%x: tensor<4x6xf32>) -> tensor<4x1xi64> {
  // CHECK-DAG: %[[N:.*]] = arith.constant 6 : i64
  // CHECK: %[[M:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<4x6xf32>)
  // CHECK: arith.maximumf
  // The smallest index whose element equals the max (or is NaN): first index on ties.
  // CHECK: linalg.fill ins(%[[N]] : i64)
  // CHECK: linalg.generic {{.*}} ins(%arg0, %[[M]] : tensor<4x6xf32>, tensor<4xf32>)
  // CHECK: arith.cmpf oeq
  // CHECK: arith.cmpf uno
  // CHECK: linalg.index 1
  // CHECK: arith.minsi
  // CHECK: tensor.reshape {{.*}} -> tensor<4x1xi64>
  %0 = "gorgonia.argmax"(%x) {axis = 1 : i64, keepdims = true} : (tensor<4x6xf32>) -> tensor<4x1xi64>
  return %0 : tensor<4x1xi64>
}

// -----

// CHECK-DAG: #[[$A:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d1)>
// CHECK-DAG: #[[$B:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHECK-DAG: #[[$C:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @batched_matmul
func.func @batched_matmul(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>, %at: tensor<2x4x3xf32>, %bt: tensor<2x5x4xf32>) -> (tensor<2x3x5xf32>, tensor<2x3x5xf32>) {
  // CHECK-NOT: linalg.transpose
  // CHECK: linalg.batch_matmul ins(%arg0, %arg1 : tensor<2x3x4xf32>, tensor<2x4x5xf32>)
  %0 = "gorgonia.batched_matmul"(%a, %b) {trans_a = false, trans_b = false} : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  // CHECK: linalg.batch_matmul indexing_maps = [#[[$A]], #[[$B]], #[[$C]]] ins(%arg2, %arg3 : tensor<2x4x3xf32>, tensor<2x5x4xf32>)
  // CHECK-NOT: linalg.transpose
  %1 = "gorgonia.batched_matmul"(%at, %bt) {trans_a = true, trans_b = true} : (tensor<2x4x3xf32>, tensor<2x5x4xf32>) -> tensor<2x3x5xf32>
  return %0, %1 : tensor<2x3x5xf32>, tensor<2x3x5xf32>
}

// -----

// Loops: x's free axes, y's free axes, one per contracted pair (x0 ↔ y1 is d2, x2 ↔ y0 is d3).
// CHECK-DAG: #[[$X:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d2, d0, d3)>
// CHECK-DAG: #[[$Y:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d3, d2, d1)>
// CHECK-DAG: #[[$OUT:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1)>
// CHECK-LABEL: func.func @tensordot
func.func @tensordot(%a: tensor<3x4x5xf32>, %b: tensor<5x3x2xf32>, %v: tensor<2xf32>) -> (tensor<4x2xf32>, tensor<3x4x5x2xf32>) {
  // CHECK: linalg.contract indexing_maps = [#[[$X]], #[[$Y]], #[[$OUT]]] ins(%arg0, %arg1 : tensor<3x4x5xf32>, tensor<5x3x2xf32>)
  %0 = "gorgonia.tensordot"(%a, %b) {a_axes = array<i64: 0, 2>, b_axes = array<i64: 1, 0>} : (tensor<3x4x5xf32>, tensor<5x3x2xf32>) -> tensor<4x2xf32>
  // CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%arg0, %arg2 : tensor<3x4x5xf32>, tensor<2xf32>)
  // CHECK: arith.mulf
  %1 = "gorgonia.tensordot"(%a, %v) {a_axes = array<i64>, b_axes = array<i64>} : (tensor<3x4x5xf32>, tensor<2xf32>) -> tensor<3x4x5x2xf32>
  return %0, %1 : tensor<4x2xf32>, tensor<3x4x5x2xf32>
}
