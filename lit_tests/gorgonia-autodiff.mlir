// gorgonia-autodiff: gradient requests become gorgonia ops (so later passes apply to them too).
// RUN: gorgonia-opt --split-input-file %s -p gorgonia-autodiff | filecheck %s
// RUN: gorgonia-opt --split-input-file %s -p gorgonia-autodiff,gorgonia-verify | filecheck %s --check-prefix=NOREQ
// RUN: gorgonia-opt --split-input-file %s -p gorgonia-autodiff | iree-opt --irdl-file=%irdl --split-input-file > /dev/null

// No request survives the pass, and what it writes verifies.
// NOREQ-NOT: "gorgonia.grad"
// NOREQ-NOT: "gorgonia.vjp"
// NOREQ-NOT: "gorgonia.jvp"

// d(x+y)/dx = d(x+y)/dy = 1: the seed flows to both operands unchanged.
// CHECK-LABEL: func.func @grad_add
// CHECK: %[[SEED:.*]] = "gorgonia.constant"() {value = dense<1.000000e+00> : tensor<f32>}
// CHECK-NOT: "gorgonia.add"(%[[SEED]]
// CHECK: return %{{.*}}, %[[SEED]], %[[SEED]]
func.func @grad_add(%x: tensor<f32>, %y: tensor<f32>) -> (tensor<f32>, tensor<f32>, tensor<f32>) {
  %0 = "gorgonia.add"(%x, %y) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %1 = "gorgonia.grad"(%0, %x) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %2 = "gorgonia.grad"(%0, %y) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %0, %1, %2 : tensor<f32>, tensor<f32>, tensor<f32>
}

// -----

// d(x*y)/dx = y, d(x*y)/dy = x: the cotangent times the other operand.
// CHECK-LABEL: func.func @grad_mul
// CHECK-SAME: (%[[X:.*]]: tensor<f64>, %[[Y:.*]]: tensor<f64>)
// CHECK: %[[SEED:.*]] = "gorgonia.constant"
// CHECK-DAG: %[[GX:.*]] = "gorgonia.hadamard_prod"(%[[SEED]], %[[Y]])
// CHECK-DAG: %[[GY:.*]] = "gorgonia.hadamard_prod"(%[[SEED]], %[[X]])
// CHECK: return %[[GX]], %[[GY]]
func.func @grad_mul(%x: tensor<f64>, %y: tensor<f64>) -> (tensor<f64>, tensor<f64>) {
  %0 = "gorgonia.hadamard_prod"(%x, %y) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %1 = "gorgonia.grad"(%0, %x) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %2 = "gorgonia.grad"(%0, %y) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %1, %2 : tensor<f64>, tensor<f64>
}

// -----

// C = AB: dA = G Bᵀ, dB = Aᵀ G (the sum's adjoint broadcasts the seed to C's shape first).
// The two requests on one cost share one reverse sweep: G is built once.
// CHECK-LABEL: func.func @grad_matmul
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3x4xf32>)
// CHECK: %[[G:.*]] = "gorgonia.broadcast_to"({{.*}}) {shape = array<i64: 2, 4>}
// CHECK-DAG: %[[BT:.*]] = "gorgonia.transpose"(%[[B]]) {perm = array<i64: 1, 0>}
// CHECK-DAG: %[[GA:.*]] = "gorgonia.matmul"(%[[G]], %[[BT]]) : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
// CHECK-DAG: %[[AT:.*]] = "gorgonia.transpose"(%[[A]]) {perm = array<i64: 1, 0>}
// CHECK-DAG: %[[GB:.*]] = "gorgonia.matmul"(%[[AT]], %[[G]]) : (tensor<3x2xf32>, tensor<2x4xf32>) -> tensor<3x4xf32>
// CHECK: return %[[GA]], %[[GB]]
func.func @grad_matmul(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> (tensor<2x3xf32>, tensor<3x4xf32>) {
  %0 = "gorgonia.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = "gorgonia.sum"(%0) {along = array<i64: 0, 1>, keepdims = false} : (tensor<2x4xf32>) -> tensor<f32>
  %2 = "gorgonia.grad"(%1, %a) : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = "gorgonia.grad"(%1, %b) : (tensor<f32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %2, %3 : tensor<2x3xf32>, tensor<3x4xf32>
}

// -----

// A broadcast operand gets its cotangent summed back to its own shape (un-broadcasting).
// CHECK-LABEL: func.func @grad_broadcast
// CHECK: "gorgonia.sum"(%{{.*}}) {along = array<i64: 0>, keepdims = false} : (tensor<2x3xf32>) -> tensor<3xf32>
// CHECK: return
func.func @grad_broadcast(%x: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  %0 = "gorgonia.add"(%x, %b) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = "gorgonia.sum"(%0) {along = array<i64: 0, 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<f32>
  %2 = "gorgonia.grad"(%1, %b) : (tensor<f32>, tensor<3xf32>) -> tensor<3xf32>
  return %2 : tensor<3xf32>
}

// -----

// Fan-out: x is used twice, so its two cotangents are added.
// CHECK-LABEL: func.func @grad_fan_out
// CHECK-SAME: (%[[X:.*]]: tensor<f32>)
// CHECK: %[[E:.*]] = "gorgonia.exp"(%[[X]])
// CHECK: %[[SEED:.*]] = "gorgonia.constant"
// CHECK: %[[D:.*]] = "gorgonia.hadamard_prod"(%[[SEED]], %[[E]])
// CHECK: %[[ACC:.*]] = "gorgonia.add"(%[[SEED]], %[[D]])
// CHECK: return %[[ACC]]
func.func @grad_fan_out(%x: tensor<f32>) -> tensor<f32> {
  %0 = "gorgonia.exp"(%x) : (tensor<f32>) -> tensor<f32>
  %1 = "gorgonia.add"(%x, %0) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %2 = "gorgonia.grad"(%1, %x) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// -----

// Forward mode: the tangent of exp(x) is exp(x)·t.
// CHECK-LABEL: func.func @jvp_exp
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>, %[[T:.*]]: tensor<3xf32>)
// CHECK: %[[E:.*]] = "gorgonia.exp"(%[[X]])
// CHECK: %[[TE:.*]] = "gorgonia.hadamard_prod"(%[[T]], %[[E]])
// CHECK: return %[[TE]]
func.func @jvp_exp(%x: tensor<3xf32>, %t: tensor<3xf32>) -> tensor<3xf32> {
  %0 = "gorgonia.exp"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %1 = "gorgonia.jvp"(%0, %x, %t) {operandSegmentSizes = array<i32: 1, 1, 1>} : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %1 : tensor<3xf32>
}

// -----

// Nested requests are expanded innermost first: d²(x·x)/dx² = 2.
// CHECK-LABEL: func.func @grad_of_grad
// CHECK-NOT: "gorgonia.grad"
// CHECK: return
func.func @grad_of_grad(%x: tensor<f64>) -> tensor<f64> {
  %0 = "gorgonia.hadamard_prod"(%x, %x) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %1 = "gorgonia.grad"(%0, %x) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %2 = "gorgonia.grad"(%1, %x) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %2 : tensor<f64>
}
