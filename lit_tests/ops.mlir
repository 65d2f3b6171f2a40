// Ops of every family of the gorgonia dialect, in the generic form the graph builders emit.
// IRDL (out of process) and gorgonia-verify (in process) must both accept them, and printing must
// round-trip. tests/test_irdl.py checks the same for every op of the table on IR the builders emit.
// RUN: iree-opt --irdl-file=%irdl %s | iree-opt --irdl-file=%irdl | filecheck %s
// RUN: gorgonia-opt %s -p gorgonia-verify | iree-opt --irdl-file=%irdl | filecheck %s

// CHECK-LABEL: func.func @sources
func.func @sources() -> (tensor<2xf32>, tensor<2x3xi1>, tensor<3x4xf64>, tensor<2xf32>, tensor<2xf64>, tensor<3xf32>) {
  // CHECK: "gorgonia.constant"() {value = dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = "gorgonia.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  // CHECK: "gorgonia.constant"() {value = dense<true> : tensor<2x3xi1>} : () -> tensor<2x3xi1>
  %1 = "gorgonia.constant"() {value = dense<true> : tensor<2x3xi1>} : () -> tensor<2x3xi1>
  // CHECK: "gorgonia.learnable"() {dtype = "f64", name = "w", shape = array<i64: 3, 4>} : () -> tensor<3x4xf64>
  %2 = "gorgonia.learnable"() {dtype = "f64", name = "w", shape = array<i64: 3, 4>} : () -> tensor<3x4xf64>
  // CHECK: "gorgonia.uniform_random"() {dtype = "f32", high = 1.000000e+00 : f64, low = -1.000000e+00 : f64, seed = 7 : i64, shape = array<i64: 2>} : () -> tensor<2xf32>
  %3 = "gorgonia.uniform_random"() {dtype = "f32", high = 1.0 : f64, low = -1.0 : f64, seed = 7 : i64, shape = array<i64: 2>} : () -> tensor<2xf32>
  // CHECK: "gorgonia.gaussian_random"() {dtype = "f64", mean = 0.000000e+00 : f64, seed = 7 : i64, shape = array<i64: 2>, stdev = 2.000000e+00 : f64} : () -> tensor<2xf64>
  %4 = "gorgonia.gaussian_random"() {dtype = "f64", mean = 0.0 : f64, seed = 7 : i64, shape = array<i64: 2>, stdev = 2.0 : f64} : () -> tensor<2xf64>
  // CHECK: "gorgonia.binomial_random"() {dtype = "f32", prob = 3.000000e-01 : f64, seed = 7 : i64, shape = array<i64: 3>, trials = 10 : i64} : () -> tensor<3xf32>
  %5 = "gorgonia.binomial_random"() {dtype = "f32", prob = 0.3 : f64, seed = 7 : i64, shape = array<i64: 3>, trials = 10 : i64} : () -> tensor<3xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<2xf32>, tensor<2x3xi1>, tensor<3x4xf64>, tensor<2xf32>, tensor<2xf64>, tensor<3xf32>
}

// CHECK-LABEL: func.func @unary
func.func @unary(%x: tensor<2x3xf32>, %i: tensor<4xi64>) {
  // CHECK: "gorgonia.neg"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = "gorgonia.neg"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.neg"(%arg1) : (tensor<4xi64>) -> tensor<4xi64>
  %1 = "gorgonia.neg"(%i) : (tensor<4xi64>) -> tensor<4xi64>
  // CHECK: "gorgonia.square"(%arg1) : (tensor<4xi64>) -> tensor<4xi64>
  %2 = "gorgonia.square"(%i) : (tensor<4xi64>) -> tensor<4xi64>
  // CHECK: "gorgonia.rectify"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = "gorgonia.rectify"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.exp"(%arg0)
  %4 = "gorgonia.exp"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.log"(%arg0)
  %5 = "gorgonia.log"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.tanh"(%arg0)
  %6 = "gorgonia.tanh"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.sigmoid"(%arg0)
  %7 = "gorgonia.sigmoid"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.sqrt"(%arg0)
  %8 = "gorgonia.sqrt"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// Binary ops broadcast: operands of different shapes (each has its own IRDL constraint).
// CHECK-LABEL: func.func @binary
func.func @binary(%x: tensor<2x3xf32>, %y: tensor<3xf32>, %s: tensor<f32>, %i: tensor<4xi32>) {
  // CHECK: "gorgonia.add"(%arg0, %arg1) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = "gorgonia.add"(%x, %y) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.add"(%arg3, %arg3) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = "gorgonia.add"(%i, %i) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  // CHECK: "gorgonia.sub"(%arg2, %arg0) : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = "gorgonia.sub"(%s, %x) : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.hadamard_prod"(%arg0, %arg2)
  %3 = "gorgonia.hadamard_prod"(%x, %s) : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.hadamard_div"(%arg0, %arg1)
  %4 = "gorgonia.hadamard_div"(%x, %y) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.pow"(%arg0, %arg2)
  %5 = "gorgonia.pow"(%x, %s) : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return
}

// CHECK-LABEL: func.func @compare
func.func @compare(%x: tensor<2x3xf64>, %y: tensor<3xf64>) {
  // CHECK: "gorgonia.lt"(%arg0, %arg1) {ret_same = false} : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xi1>
  %0 = "gorgonia.lt"(%x, %y) {ret_same = false} : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xi1>
  // CHECK: "gorgonia.gt"(%arg0, %arg1) {ret_same = true} : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
  %1 = "gorgonia.gt"(%x, %y) {ret_same = true} : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
  // CHECK: "gorgonia.lte"
  %2 = "gorgonia.lte"(%x, %y) {ret_same = false} : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xi1>
  // CHECK: "gorgonia.gte"
  %3 = "gorgonia.gte"(%x, %y) {ret_same = false} : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xi1>
  // CHECK: "gorgonia.eq"
  %4 = "gorgonia.eq"(%x, %y) {ret_same = false} : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xi1>
  // CHECK: "gorgonia.ne"
  %5 = "gorgonia.ne"(%x, %y) {ret_same = true} : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
  return
}

// CHECK-LABEL: func.func @contractions
func.func @contractions(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %v: tensor<3xf32>, %u: tensor<2xf32>) {
  // CHECK: "gorgonia.matmul"(%arg0, %arg1) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %0 = "gorgonia.matmul"(%a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  // CHECK: "gorgonia.matvec"(%arg0, %arg2) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2xf32>
  %1 = "gorgonia.matvec"(%a, %v) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2xf32>
  // CHECK: "gorgonia.dot"(%arg2, %arg2) : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  %2 = "gorgonia.dot"(%v, %v) : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  // CHECK: "gorgonia.outer_prod"(%arg3, %arg2) : (tensor<2xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %3 = "gorgonia.outer_prod"(%u, %v) : (tensor<2xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// CHECK-LABEL: func.func @shapes
func.func @shapes(%x: tensor<2x3xf32>, %v: tensor<3xf32>) {
  // CHECK: "gorgonia.sum"(%arg0) {along = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  %0 = "gorgonia.sum"(%x) {along = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  // CHECK: "gorgonia.sum"(%arg0) {along = array<i64: 0>, keepdims = true} : (tensor<2x3xf32>) -> tensor<1x3xf32>
  %1 = "gorgonia.sum"(%x) {along = array<i64: 0>, keepdims = true} : (tensor<2x3xf32>) -> tensor<1x3xf32>
  // CHECK: "gorgonia.reshape"(%arg0) {shape = array<i64: 3, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %2 = "gorgonia.reshape"(%x) {shape = array<i64: 3, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  // CHECK: "gorgonia.transpose"(%arg0) {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %3 = "gorgonia.transpose"(%x) {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  // CHECK: "gorgonia.broadcast_to"(%arg1) {shape = array<i64: 2, 3>} : (tensor<3xf32>) -> tensor<2x3xf32>
  %4 = "gorgonia.broadcast_to"(%v) {shape = array<i64: 2, 3>} : (tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// CHECK-LABEL: func.func @state
func.func @state(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
  // CHECK: "gorgonia.mode_select"(%arg0, %arg1) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %0 = "gorgonia.mode_select"(%x, %y) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  // CHECK: "gorgonia.assign"(%0) {name = "running_mean"} : (tensor<3xf32>) -> ()
  "gorgonia.assign"(%0) {name = "running_mean"} : (tensor<3xf32>) -> ()
  return %0 : tensor<3xf32>
}

// One grad request per wrt node (any shapes). vjp/jvp have variadic operand groups: IRDL unifies the
// elements of one group, so each group has one type here.
// CHECK-LABEL: func.func @autodiff
func.func @autodiff(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>, %c: tensor<f32>, %v: tensor<3xf32>, %t: tensor<3xf32>) {
  // CHECK: "gorgonia.grad"(%arg2, %arg0) : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = "gorgonia.grad"(%c, %x) : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.grad"(%arg2, %arg3) : (tensor<f32>, tensor<3xf32>) -> tensor<3xf32>
  %3 = "gorgonia.grad"(%c, %v) : (tensor<f32>, tensor<3xf32>) -> tensor<3xf32>
  // CHECK: "gorgonia.vjp"(%arg0, %arg1, %arg0) {operandSegmentSizes = array<i32: 1, 1, 1>} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = "gorgonia.vjp"(%x, %y, %x) {operandSegmentSizes = array<i32: 1, 1, 1>} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.jvp"(%arg0, %arg3, %arg4) {operandSegmentSizes = array<i32: 1, 1, 1>} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = "gorgonia.jvp"(%x, %v, %t) {operandSegmentSizes = array<i32: 1, 1, 1>} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// The shape family. concat's operands form one variadic group: IRDL unifies them, so this concat joins
// equal shapes (gorgonia-verify checks concats of different sizes; see gorgonia-to-linalg-shape.mlir).
// CHECK-LABEL: func.func @shape
func.func @shape(%x: tensor<4x6xf32>, %i: tensor<3xi32>, %g: tensor<3x6xf32>) {
  // CHECK: "gorgonia.slice"(%arg0) {offsets = array<i64: 1, 0>, sizes = array<i64: 2, 3>, strides = array<i64: 1, 2>} : (tensor<4x6xf32>) -> tensor<2x3xf32>
  %0 = "gorgonia.slice"(%x) {offsets = array<i64: 1, 0>, sizes = array<i64: 2, 3>, strides = array<i64: 1, 2>} : (tensor<4x6xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.insert_slice"(%0) {offsets = array<i64: 1, 0>, shape = array<i64: 4, 6>, strides = array<i64: 1, 2>} : (tensor<2x3xf32>) -> tensor<4x6xf32>
  %1 = "gorgonia.insert_slice"(%0) {offsets = array<i64: 1, 0>, shape = array<i64: 4, 6>, strides = array<i64: 1, 2>} : (tensor<2x3xf32>) -> tensor<4x6xf32>
  // CHECK: "gorgonia.concat"(%arg0, %arg0) {axis = 0 : i64} : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<8x6xf32>
  %2 = "gorgonia.concat"(%x, %x) {axis = 0 : i64} : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<8x6xf32>
  // CHECK: "gorgonia.unconcat"(%arg0) {axis = 1 : i64, n = 2 : i64} : (tensor<4x6xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>)
  %3:2 = "gorgonia.unconcat"(%x) {axis = 1 : i64, n = 2 : i64} : (tensor<4x6xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>)
  // CHECK: "gorgonia.by_indices"(%arg0, %arg1) {axis = 0 : i64} : (tensor<4x6xf32>, tensor<3xi32>) -> tensor<3x6xf32>
  %4 = "gorgonia.by_indices"(%x, %i) {axis = 0 : i64} : (tensor<4x6xf32>, tensor<3xi32>) -> tensor<3x6xf32>
  // CHECK: "gorgonia.scatter_add"(%arg2, %arg1) {axis = 0 : i64, size = 4 : i64} : (tensor<3x6xf32>, tensor<3xi32>) -> tensor<4x6xf32>
  %5 = "gorgonia.scatter_add"(%g, %i) {axis = 0 : i64, size = 4 : i64} : (tensor<3x6xf32>, tensor<3xi32>) -> tensor<4x6xf32>
  // CHECK: "gorgonia.conv_float"(%arg0) {dtype = "f64"} : (tensor<4x6xf32>) -> tensor<4x6xf64>
  %6 = "gorgonia.conv_float"(%x) {dtype = "f64"} : (tensor<4x6xf32>) -> tensor<4x6xf64>
  // CHECK: "gorgonia.conv_type"(%arg1) {dtype = "f32"} : (tensor<3xi32>) -> tensor<3xf32>
  %7 = "gorgonia.conv_type"(%i) {dtype = "f32"} : (tensor<3xi32>) -> tensor<3xf32>
  return
}

// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<2x3xf32>, %i: tensor<4xi64>, %a: tensor<2x3x4xf64>, %b: tensor<2x5x4xf64>) {
  // CHECK: "gorgonia.max"(%arg0) {along = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  %0 = "gorgonia.max"(%x) {along = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  // CHECK: "gorgonia.min"(%arg1) {along = array<i64: 0>, keepdims = true} : (tensor<4xi64>) -> tensor<1xi64>
  %1 = "gorgonia.min"(%i) {along = array<i64: 0>, keepdims = true} : (tensor<4xi64>) -> tensor<1xi64>
  // CHECK: "gorgonia.prod"(%arg0) {along = array<i64: 0, 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<f32>
  %2 = "gorgonia.prod"(%x) {along = array<i64: 0, 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<f32>
  // CHECK: "gorgonia.log_sum_exp"(%arg0) {along = array<i64: -1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %3 = "gorgonia.log_sum_exp"(%x) {along = array<i64: -1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  // CHECK: "gorgonia.argmax"(%arg0) {axis = 1 : i64, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xi64>
  %4 = "gorgonia.argmax"(%x) {axis = 1 : i64, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xi64>
  // CHECK: "gorgonia.argmin"(%arg1) {axis = 0 : i64, keepdims = true} : (tensor<4xi64>) -> tensor<1xi64>
  %5 = "gorgonia.argmin"(%i) {axis = 0 : i64, keepdims = true} : (tensor<4xi64>) -> tensor<1xi64>
  // CHECK: "gorgonia.batched_matmul"(%arg2, %arg3) {trans_a = false, trans_b = true} : (tensor<2x3x4xf64>, tensor<2x5x4xf64>) -> tensor<2x3x5xf64>
  %6 = "gorgonia.batched_matmul"(%a, %b) {trans_a = false, trans_b = true} : (tensor<2x3x4xf64>, tensor<2x5x4xf64>) -> tensor<2x3x5xf64>
  // CHECK: "gorgonia.tensordot"(%arg2, %arg3) {a_axes = array<i64: 0, 2>, b_axes = array<i64: 0, 2>} : (tensor<2x3x4xf64>, tensor<2x5x4xf64>) -> tensor<3x5xf64>
  %7 = "gorgonia.tensordot"(%a, %b) {a_axes = array<i64: 0, 2>, b_axes = array<i64: 0, 2>} : (tensor<2x3x4xf64>, tensor<2x5x4xf64>) -> tensor<3x5xf64>
  return
}

// CHECK-LABEL: func.func @nn
func.func @nn(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>, %y: tensor<1x3x2x2xf32>, %p: tensor<1x2x2x2xf32>, %s: tensor<2x3xf64>) {
  // CHECK: "gorgonia.conv2d"(%arg0, %arg1) {dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  %0 = "gorgonia.conv2d"(%x, %w) {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>, dilation = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  // CHECK: "gorgonia.conv_transpose2d"(%arg2, %arg1) {dilation = array<i64: 1, 1>, output_padding = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x3x2x2xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %1 = "gorgonia.conv_transpose2d"(%y, %w) {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>, dilation = array<i64: 1, 1>, output_padding = array<i64: 1, 1>} : (tensor<1x3x2x2xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  // CHECK: "gorgonia.im2col"(%arg0) {dilation = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x8xf32>
  %2 = "gorgonia.im2col"(%x) {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>, dilation = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x8xf32>
  // CHECK: "gorgonia.col2im"(%{{.*}}) {dilation = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, shape = array<i64: 1, 2, 4, 4>, stride = array<i64: 2, 2>} : (tensor<1x2x2x8xf32>) -> tensor<1x2x4x4xf32>
  %3 = "gorgonia.col2im"(%2) {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>, dilation = array<i64: 1, 1>, shape = array<i64: 1, 2, 4, 4>} : (tensor<1x2x2x8xf32>) -> tensor<1x2x4x4xf32>
  // CHECK: "gorgonia.max_pool2d"(%arg0) {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %4 = "gorgonia.max_pool2d"(%x) {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  // CHECK: "gorgonia.max_pool2d_backward"(%arg0, %arg3) {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
  %5 = "gorgonia.max_pool2d_backward"(%x, %p) {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
  // CHECK: "gorgonia.max_pool2d_select"(%arg0, %arg0) {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %6 = "gorgonia.max_pool2d_select"(%x, %x) {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  // CHECK: "gorgonia.avg_pool2d"(%arg0) {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %7 = "gorgonia.avg_pool2d"(%x) {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  // CHECK: "gorgonia.avg_pool2d_backward"(%arg3) {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, shape = array<i64: 1, 2, 4, 4>, stride = array<i64: 2, 2>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
  %8 = "gorgonia.avg_pool2d_backward"(%p) {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>, shape = array<i64: 1, 2, 4, 4>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32>
  // CHECK: "gorgonia.softmax"(%arg4) {axis = -1 : i64} : (tensor<2x3xf64>) -> tensor<2x3xf64>
  %9 = "gorgonia.softmax"(%s) {axis = -1 : i64} : (tensor<2x3xf64>) -> tensor<2x3xf64>
  // CHECK: "gorgonia.log_softmax"(%arg4) {axis = 0 : i64} : (tensor<2x3xf64>) -> tensor<2x3xf64>
  %10 = "gorgonia.log_softmax"(%s) {axis = 0 : i64} : (tensor<2x3xf64>) -> tensor<2x3xf64>
  // CHECK: "gorgonia.sparsemax"(%arg4) {axis = 1 : i64} : (tensor<2x3xf64>) -> tensor<2x3xf64>
  %11 = "gorgonia.sparsemax"(%s) {axis = 1 : i64} : (tensor<2x3xf64>) -> tensor<2x3xf64>
  return
}

// CHECK-LABEL: func.func @activations
func.func @activations(%x: tensor<2x3xf32>, %v: tensor<3xf32>, %i: tensor<4xi64>) {
  // CHECK: "gorgonia.abs"(%arg2) : (tensor<4xi64>) -> tensor<4xi64>
  %0 = "gorgonia.abs"(%i) : (tensor<4xi64>) -> tensor<4xi64>
  // CHECK: "gorgonia.sign"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = "gorgonia.sign"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.ceil"
  %2 = "gorgonia.ceil"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.floor"
  %3 = "gorgonia.floor"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.sin"
  %4 = "gorgonia.sin"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.cos"
  %5 = "gorgonia.cos"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.log1p"
  %6 = "gorgonia.log1p"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.expm1"
  %7 = "gorgonia.expm1"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.erf"
  %erf = "gorgonia.erf"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.ndtr"
  %ndtr = "gorgonia.ndtr"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.softplus"
  %8 = "gorgonia.softplus"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.min_between"(%arg0, %arg1) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %9 = "gorgonia.min_between"(%x, %v) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: "gorgonia.max_between"
  %10 = "gorgonia.max_between"(%x, %x) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}
