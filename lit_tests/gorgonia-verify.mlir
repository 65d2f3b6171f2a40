// gorgonia-verify checks what IRDL cannot: shapes, dtypes, attribute values and inferred result types,
// from the op table. Every bad op is reported (file:line: error: ...) and gorgonia-opt exits 1.
// RUN: not gorgonia-opt %s -p gorgonia-verify 2>&1 | filecheck %s
// RUN: not gorgonia-opt %s -p gorgonia-verify,gorgonia-to-linalg 2>&1 | filecheck %s --check-prefix=STOPS

// A failed verification stops the pipeline: nothing is lowered, nothing is printed.
// STOPS: gorgonia-verify.mlir:{{[0-9]+}}: error: 'gorgonia.matmul' op shapes
// STOPS-NOT: linalg

// Line numbers are spelled [[# @LINE + 1]]: the PyPI filecheck port does not match [[@LINE+1]].

func.func @matmul_inner_dim(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.matmul' op shapes (2, 3) and (4, 5) are not aligned: 3 (dim 1) != 4 (dim 0)
  %0 = "gorgonia.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

func.func @matvec_rank(%a: tensor<2x3xf32>, %b: tensor<3x1xf32>) -> tensor<2xf32> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.matvec' op expects operands of rank 2 and 1, got shapes (2, 3) and (3, 1)
  %0 = "gorgonia.matvec"(%a, %b) : (tensor<2x3xf32>, tensor<3x1xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

func.func @wrong_result_type(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.exp' op result types (tensor<3x2xf32>) do not match the inferred types (tensor<2x3xf32>)
  %0 = "gorgonia.exp"(%a) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

func.func @wrong_result_dtype(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.lt' op result types (tensor<2x3xf32>) do not match the inferred types (tensor<2x3xi1>)
  %0 = "gorgonia.lt"(%a, %b) {ret_same = false} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

func.func @no_broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.add' op shapes (2, 3) and (4,) do not broadcast
  %0 = "gorgonia.add"(%a, %b) : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

func.func @mixed_dtypes(%a: tensor<2xf32>, %b: tensor<2xf64>) -> tensor<2xf32> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.sub' op operand dtypes differ: Float32, Float64
  %0 = "gorgonia.sub"(%a, %b) : (tensor<2xf32>, tensor<2xf64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

func.func @exp_of_int(%a: tensor<2xi64>) -> tensor<2xi64> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.exp' op expects float (Float32/Float64) operands, got Int64
  %0 = "gorgonia.exp"(%a) : (tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

func.func @bad_permutation(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.transpose' op (0, 0) is not a permutation of the 2 axes of shape (2, 3)
  %0 = "gorgonia.transpose"(%a) {perm = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

func.func @sum_axis_out_of_range(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.sum' op axis 2 is out of range for rank 2
  %0 = "gorgonia.sum"(%a) {along = array<i64: 2>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

func.func @reshape_size(%a: tensor<2x3xf32>) -> tensor<4xf32> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.reshape' op cannot reshape (2, 3) (6 elements) to (4,) (4 elements)
  %0 = "gorgonia.reshape"(%a) {shape = array<i64: 4>} : (tensor<2x3xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

func.func @missing_attribute(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.transpose' op missing attribute 'perm'
  %0 = "gorgonia.transpose"(%a) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

func.func @attribute_of_wrong_kind(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.transpose' op attribute 'perm' must be i64_array
  %0 = "gorgonia.transpose"(%a) {perm = 3} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// IRDL knows a bool only as a builtin.integer: the op table wants an i1.
func.func @keepdims_is_not_a_bool(%a: tensor<2x3xf32>) -> tensor<3xf32> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.sum' op attribute 'keepdims' must be bool
  %0 = "gorgonia.sum"(%a) {along = array<i64: 0>, keepdims = 1 : i64} : (tensor<2x3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @operand_count(%a: tensor<2xf32>) -> tensor<2xf32> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.add' op expects 2 operands, got 1
  %0 = "gorgonia.add"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

func.func @learnable_dtype() -> tensor<2xf32> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.learnable' op unknown dtype 'f16'
  %0 = "gorgonia.learnable"() {dtype = "f16", name = "w", shape = array<i64: 2>} : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

func.func @grad_of_a_vector(%c: tensor<2xf32>, %w: tensor<2xf32>) -> tensor<2xf32> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.grad' op the cost must be a float scalar, got Float32[2]
  %0 = "gorgonia.grad"(%c, %w) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// One request per wrt node: a request with two wrt operands is malformed.
func.func @grad_with_two_wrt(%c: tensor<f32>, %w: tensor<3x2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.grad' op expects 2 operands, got 3
  %0:2 = "gorgonia.grad"(%c, %w, %b) : (tensor<f32>, tensor<3x2xf32>, tensor<2xf32>) -> (tensor<3x2xf32>, tensor<2xf32>)
  return %0#1 : tensor<2xf32>
}

func.func @unknown_op(%a: tensor<2xf32>) -> tensor<2xf32> {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.frobnicate' is not an op of the gorgonia dialect
  %0 = "gorgonia.frobnicate"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

func.func @not_a_tensor(%a: f32) -> f32 {
  // CHECK: gorgonia-verify.mlir:[[# @LINE + 1]]: error: 'gorgonia.neg' op operands and results must be ranked tensors
  %0 = "gorgonia.neg"(%a) : (f32) -> f32
  return %0 : f32
}
