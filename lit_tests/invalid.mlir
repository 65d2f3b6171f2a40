// What the IRDL definition of the dialect rejects: operand/result counts, non-tensor types, missing
// attributes and attributes of the wrong kind. (Shapes and dtypes: see gorgonia-verify.mlir.)
// RUN: iree-opt --irdl-file=%irdl --split-input-file --verify-diagnostics %s

func.func @add_one_operand(%x: tensor<2xf32>) {
  // expected-error @+1 {{op expects exactly 2 operands, but got 1}}
  %0 = "gorgonia.add"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @exp_three_operands(%x: tensor<2xf32>) {
  // expected-error @+1 {{op expects exactly 1 operands, but got 3}}
  %0 = "gorgonia.exp"(%x, %x, %x) : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @matmul_two_results(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{op expects exactly 1 results, but got 2}}
  %0:2 = "gorgonia.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

func.func @assign_has_no_result(%x: tensor<3xf32>) {
  // expected-error @+1 {{op expects exactly 0 results, but got 1}}
  %0 = "gorgonia.assign"(%x) {name = "w"} : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @constant_without_operands(%x: tensor<2xf32>) {
  // expected-error @+1 {{op expects exactly 0 operands, but got 1}}
  %0 = "gorgonia.constant"(%x) {value = dense<1.0> : tensor<2xf32>} : (tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @grad_needs_a_cost() {
  // expected-error @+1 {{op expects exactly 2 operands, but got 0}}
  %0 = "gorgonia.grad"() : () -> tensor<f32>
  return
}

// -----

func.func @scalar_operand_is_not_a_tensor(%x: f32) {
  // expected-error @+1 {{expected base type 'builtin.tensor' but got 'builtin.f32'}}
  %0 = "gorgonia.neg"(%x) : (f32) -> tensor<f32>
  return
}

// -----

func.func @unranked_tensor(%x: tensor<*xf32>) {
  // expected-error @+1 {{expected base type 'builtin.tensor' but got 'builtin.unranked_tensor'}}
  %0 = "gorgonia.neg"(%x) : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @sum_without_along(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{attribute "along" is expected but not provided}}
  %0 = "gorgonia.sum"(%x) {keepdims = false} : (tensor<2x3xf32>) -> tensor<f32>
  return
}

// -----

func.func @sum_without_keepdims(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{attribute "keepdims" is expected but not provided}}
  %0 = "gorgonia.sum"(%x) {along = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<f32>
  return
}

// -----

func.func @sum_keepdims_is_a_string(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{expected base attribute 'builtin.integer' but got 'builtin.string'}}
  %0 = "gorgonia.sum"(%x) {along = array<i64: 0>, keepdims = "no"} : (tensor<2x3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @transpose_perm_is_an_array_attr(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{expected base attribute 'builtin.dense_array' but got 'builtin.array'}}
  %0 = "gorgonia.transpose"(%x) {perm = [1, 0]} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @constant_value_is_a_scalar() {
  // expected-error @+1 {{expected base attribute 'builtin.dense_typed_elements' but got 'builtin.float'}}
  %0 = "gorgonia.constant"() {value = 1.0 : f32} : () -> tensor<f32>
  return
}

// -----

func.func @learnable_without_name() {
  // expected-error @+1 {{attribute "name" is expected but not provided}}
  %0 = "gorgonia.learnable"() {dtype = "f32", shape = array<i64: 2>} : () -> tensor<2xf32>
  return
}

// -----

func.func @learnable_dtype_is_a_type() {
  // expected-error @+1 {{expected base attribute 'builtin.string' but got 'builtin.type'}}
  %0 = "gorgonia.learnable"() {dtype = f32, name = "w", shape = array<i64: 2>} : () -> tensor<2xf32>
  return
}

// -----

func.func @uniform_random_low_is_an_integer() {
  // expected-error @+1 {{expected base attribute 'builtin.float' but got 'builtin.integer'}}
  %0 = "gorgonia.uniform_random"() {dtype = "f32", high = 1.0 : f64, low = 0 : i64, seed = 1 : i64, shape = array<i64: 2>} : () -> tensor<2xf32>
  return
}

// -----

func.func @vjp_needs_segment_sizes(%x: tensor<2xf32>) {
  // expected-error @+1 {{'operandSegmentSizes' attribute is expected but not provided}}
  %0 = "gorgonia.vjp"(%x, %x, %x) : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @vjp_segments_do_not_add_up(%x: tensor<2xf32>) {
  // expected-error @+1 {{sum of elements in 'operandSegmentSizes' attribute must be equal to the number of operands}}
  %0 = "gorgonia.vjp"(%x, %x, %x) {operandSegmentSizes = array<i32: 1, 1, 2>} : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

// gorgonia.grad takes one wrt node (G.grad makes one request per node).
func.func @grad_with_two_wrt(%c: tensor<f32>, %w: tensor<3x2xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{expects exactly 2 operands, but got 3}}
  %0:2 = "gorgonia.grad"(%c, %w, %b) : (tensor<f32>, tensor<3x2xf32>, tensor<2xf32>) -> (tensor<3x2xf32>, tensor<2xf32>)
  return
}

// -----

func.func @unknown_op(%x: tensor<2xf32>) {
  // expected-error @+1 {{unregistered operation 'gorgonia.frobnicate' found in dialect ('gorgonia') that does not allow unknown operations}}
  %0 = "gorgonia.frobnicate"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return
}
