// gorgonia-to-linalg on the shape family: slices are tensor.extract_slice / insert_slice with strides,
// concat fills an empty tensor window by window, by_indices is a gather whose run-time indices are
// clamped into range (never read out of bounds), scatter_add is iree_linalg_ext.scatter (repeated
// indices accumulate), float→int casts saturate.
// RUN: gorgonia-opt %s -p gorgonia-verify,gorgonia-to-linalg | filecheck %s

// CHECK-LABEL: func.func @slice
func.func @slice(%x: tensor<4x6xf32>) -> (tensor<2x3xf32>, tensor<4x6xf32>) {
  // CHECK: %[[S:.*]] = tensor.extract_slice %arg0[1, 0] [2, 3] [1, 2] : tensor<4x6xf32> to tensor<2x3xf32>
  %0 = "gorgonia.slice"(%x) {offsets = array<i64: 1, 0>, sizes = array<i64: 2, 3>, strides = array<i64: 1, 2>} : (tensor<4x6xf32>) -> tensor<2x3xf32>
  // CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<4x6xf32>)
  // CHECK: tensor.insert_slice %[[S]] into %[[Z]][1, 0] [2, 3] [1, 2] : tensor<2x3xf32> into tensor<4x6xf32>
  %1 = "gorgonia.insert_slice"(%0) {offsets = array<i64: 1, 0>, shape = array<i64: 4, 6>, strides = array<i64: 1, 2>} : (tensor<2x3xf32>) -> tensor<4x6xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<4x6xf32>
}

// CHECK-LABEL: func.func @concat
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x2xf32>) -> (tensor<2x5xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>) {
  // CHECK: %[[E:.*]] = tensor.empty() : tensor<2x5xf32>
  // CHECK: %[[A:.*]] = tensor.insert_slice %arg0 into %[[E]][0, 0] [2, 3] [1, 1]
  // CHECK: tensor.insert_slice %arg1 into %[[A]][0, 3] [2, 2] [1, 1]
  %0 = "gorgonia.concat"(%a, %b) {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x2xf32>) -> tensor<2x5xf32>
  // CHECK: tensor.extract_slice %arg0[0, 0] [2, 1] [1, 1]
  // CHECK: tensor.extract_slice %arg0[0, 1] [2, 1] [1, 1]
  // CHECK: tensor.extract_slice %arg0[0, 2] [2, 1] [1, 1]
  %1:3 = "gorgonia.unconcat"(%a) {axis = 1 : i64, n = 3 : i64} : (tensor<2x3xf32>) -> (tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
  return %0, %1#0, %1#1, %1#2 : tensor<2x5xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>
}

// CHECK-LABEL: func.func @by_indices
func.func @by_indices(%x: tensor<4x6xf32>, %i: tensor<3xi32>) -> tensor<3x6xf32> {
  // CHECK: linalg.generic {{.*}} ins(%arg1 : tensor<3xi32>) outs(%{{.*}} : tensor<3x6xf32>)
  // CHECK: %[[I:.*]] = arith.index_cast %{{.*}} : i32 to index
  // CHECK: %[[LO:.*]] = arith.maxsi %[[I]], %{{.*}} : index
  // CHECK: %[[IN:.*]] = arith.minsi %[[LO]], %{{.*}} : index
  // CHECK: %[[J:.*]] = linalg.index 1 : index
  // CHECK: tensor.extract %arg0[%[[IN]], %[[J]]] : tensor<4x6xf32>
  %0 = "gorgonia.by_indices"(%x, %i) {axis = 0 : i64} : (tensor<4x6xf32>, tensor<3xi32>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// CHECK-LABEL: func.func @scatter_add
func.func @scatter_add(%g: tensor<6x3xf32>, %i: tensor<3xi64>) -> tensor<6x4xf32> {
  // Indices are clamped, the indexed axis moves to the front, the scatter adds, the axis moves back.
  // CHECK: arith.maxsi
  // CHECK: arith.minsi
  // CHECK: linalg.transpose ins(%arg0 : tensor<6x3xf32>) outs(%{{.*}} : tensor<3x6xf32>) permutation = [1, 0]
  // CHECK: iree_linalg_ext.scatter dimension_map = [0] unique_indices(false) ins(%{{.*}}, %{{.*}} : tensor<3x6xf32>, tensor<3x1xi64>) outs(%{{.*}} : tensor<4x6xf32>)
  // CHECK: arith.addf
  // CHECK: linalg.transpose ins(%{{.*}} : tensor<4x6xf32>) outs(%{{.*}} : tensor<6x4xf32>) permutation = [1, 0]
  %0 = "gorgonia.scatter_add"(%g, %i) {axis = 1 : i64, size = 4 : i64} : (tensor<6x3xf32>, tensor<3xi64>) -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// CHECK-LABEL: func.func @casts
func.func @casts(%x: tensor<4xf32>, %b: tensor<4xi1>) -> (tensor<4xf64>, tensor<4xi32>, tensor<4xf32>) {
  // CHECK: arith.extf %{{.*}} : f32 to f64
  %0 = "gorgonia.conv_float"(%x) {dtype = "f64"} : (tensor<4xf32>) -> tensor<4xf64>
  // Saturating: out-of-range values pick the integer's bounds, NaN (no ordered compare holds) gives 0.
  // CHECK: arith.cmpf oge
  // CHECK: arith.cmpf olt
  // CHECK: arith.fptosi %{{.*}} : f32 to i32
  // CHECK: arith.select
  %1 = "gorgonia.conv_type"(%x) {dtype = "i32"} : (tensor<4xf32>) -> tensor<4xi32>
  // CHECK: arith.uitofp %{{.*}} : i1 to f32
  %2 = "gorgonia.conv_type"(%b) {dtype = "f32"} : (tensor<4xi1>) -> tensor<4xf32>
  return %0, %1, %2 : tensor<4xf64>, tensor<4xi32>, tensor<4xf32>
}
