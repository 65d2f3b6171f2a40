// gorgonia-to-linalg on the nn family: conv2d is channels-last, the image transposed to NHWC and padded,
// the filter gathered into HWCF, linalg.conv_2d_nhwc_hwcf with its strides and dilations, the result
// transposed back to NCHW; one input channel or output rows of at most 4 are unfolded (im2col) and contracted;
// conv_transpose2d spreads its input onto a stride-dilated grid and runs a stride-1
// conv with the flipped filter; pools are tensor.pad (-inf / 0) + linalg.pooling_nchw_max / _sum, the
// average scaled by a constant 1/count map (padded cells do not count); softmax is max-shifted, log_softmax
// is (x - m) - log1p of the row's sum without the maximum's term.
// RUN: gorgonia-opt %s -p gorgonia-verify,gorgonia-to-linalg | filecheck %s
// RUN: gorgonia-opt %s -p gorgonia-to-linalg | filecheck %s --check-prefix=NONE
// RUN: gorgonia-opt %s -p gorgonia-to-linalg | iree-opt > /dev/null
// RUN: iree-opt --irdl-file=%irdl %s > /dev/null

// NONE-NOT: "gorgonia.

// CHECK-LABEL: func.func @conv2d
func.func @conv2d(%x: tensor<1x2x5x12xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x2x9xf32> {
  // CHECK: %[[T:.*]] = linalg.transpose ins(%arg0 : tensor<1x2x5x12xf32>) outs(%{{.*}} : tensor<1x5x12x2xf32>) permutation = [0, 2, 3, 1]
  // CHECK: %[[P:.*]] = tensor.pad %[[T]] low[0, 1, 0, 0] high[0, 0, 1, 0]
  // w[f, c, i, j] read at ((f·C + c)·kh + i)·kw + j of the flattened filter: a gather IREE cannot fold
  // CHECK: %[[FLAT:.*]] = tensor.reshape %arg1
  // CHECK: %[[HWCF:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<3x3x2x3xf32>)
  // CHECK: tensor.extract %[[FLAT]]
  // CHECK: linalg.fill
  // CHECK: %[[C:.*]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<[1, 2]> : tensor<2xi64>, strides = dense<[2, 1]> : tensor<2xi64>} ins(%[[P]], %[[HWCF]] : tensor<1x6x13x2xf32>, tensor<3x3x2x3xf32>)
  // CHECK: linalg.transpose ins(%[[C]] : tensor<1x2x9x3xf32>) outs(%{{.*}} : tensor<1x3x2x9xf32>) permutation = [0, 3, 1, 2]
  %0 = "gorgonia.conv2d"(%x, %w) {pad = array<i64: 1, 0, 0, 1>, stride = array<i64: 2, 1>, dilation = array<i64: 1, 2>} : (tensor<1x2x5x12xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x9xf32>
  return %0 : tensor<1x3x2x9xf32>
}

// CHECK-LABEL: func.func @conv2d_one_channel
func.func @conv2d_one_channel(%x: tensor<2x1x5x5xf32>, %w: tensor<3x1x3x3xf32>) -> tensor<2x3x5x5xf32> {
  // cols[n, c, i, j, oh, ow] = xp[n, c, oh + i, ow + j], then out[n, o, p] = Σ_k w[o, k] · cols[n, k, p]
  // CHECK-NOT: linalg.conv_2d_nhwc_hwcf
  // CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<2x1x7x7xf32>) outs(%{{.*}} : tensor<2x1x3x3x5x5xf32>)
  // CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%{{.*}}, %{{.*}} : tensor<3x9xf32>, tensor<2x9x25xf32>) outs(%{{.*}} : tensor<2x3x25xf32>)
  // CHECK: arith.mulf
  // CHECK: arith.addf
  %0 = "gorgonia.conv2d"(%x, %w) {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<2x1x5x5xf32>, tensor<3x1x3x3xf32>) -> tensor<2x3x5x5xf32>
  return %0 : tensor<2x3x5x5xf32>
}

// CHECK-LABEL: func.func @conv_transpose2d
func.func @conv_transpose2d(%y: tensor<1x3x2x2xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x2x4x4xf32> {
  // The spread grid: (2-1)·2 + 1 = 3 rows, 3-1-1 = 1 before, 3-1-1+1 = 2 after (output_padding 1).
  // CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x3x6x6xf32>)
  // CHECK: arith.remsi
  // CHECK: tensor.extract %arg0
  // CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x3x3x3xf32>)
  // 4 output columns: the stride-1 convolution is unfolded and contracted
  // CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x3x6x6xf32>) outs(%{{.*}} : tensor<1x3x3x3x4x4xf32>)
  // CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<2x27xf32>, tensor<1x27x16xf32>) outs(%{{.*}} : tensor<1x2x16xf32>)
  %0 = "gorgonia.conv_transpose2d"(%y, %w) {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>, dilation = array<i64: 1, 1>, output_padding = array<i64: 1, 1>} : (tensor<1x3x2x2xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// CHECK-LABEL: func.func @conv_transpose2d_channels_last
func.func @conv_transpose2d_channels_last(%y: tensor<1x3x6x6xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x2x6x6xf32> {
  // stride 1: the cotangent is padded by k-1-pad (no spread), channels-last as conv2d
  // CHECK: %[[T:.*]] = linalg.transpose ins(%arg0 : tensor<1x3x6x6xf32>) {{.*}} permutation = [0, 2, 3, 1]
  // CHECK: %[[P:.*]] = tensor.pad %[[T]] low[0, 1, 1, 0] high[0, 1, 1, 0]
  // the flipped, channel-swapped filter in HWCF: w[c, f, kh-1-i, kw-1-j]
  // CHECK: %[[FLAT:.*]] = tensor.reshape %arg1
  // CHECK: %[[HWCF:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<3x3x3x2xf32>)
  // CHECK: arith.subi
  // CHECK: arith.subi
  // CHECK: tensor.extract %[[FLAT]]
  // CHECK: %[[C:.*]] = linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[P]], %[[HWCF]] : tensor<1x8x8x3xf32>, tensor<3x3x3x2xf32>)
  // CHECK: linalg.transpose ins(%[[C]] : tensor<1x6x6x2xf32>) {{.*}} permutation = [0, 3, 1, 2]
  %0 = "gorgonia.conv_transpose2d"(%y, %w) {pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>, dilation = array<i64: 1, 1>, output_padding = array<i64: 0, 0>} : (tensor<1x3x6x6xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  return %0 : tensor<1x2x6x6xf32>
}

// CHECK-LABEL: func.func @pools
func.func @pools(%x: tensor<1x2x3x3xf64>) -> (tensor<1x2x2x2xf64>, tensor<1x2x2x2xf64>) {
  // Constants come first: 1/count for the windows of 4, 2, 2 and 1 real cells, and -inf.
  // CHECK: %[[INV:.*]] = arith.constant dense<{{\[\[}}2.500000e-01, 5.000000e-01], [5.000000e-01, 1.000000e+00]]> : tensor<2x2xf64>
  // CHECK: %[[NEG:.*]] = arith.constant 0xFFF0000000000000 : f64
  // CHECK: tensor.pad %arg0 low[0, 0, 0, 0] high[0, 0, 1, 1]
  // CHECK: tensor.yield %[[NEG]]
  // CHECK: linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
  %0 = "gorgonia.max_pool2d"(%x) {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x3x3xf64>) -> tensor<1x2x2x2xf64>
  // CHECK: linalg.pooling_nchw_sum
  // CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[INV]] : tensor<1x2x2x2xf64>, tensor<2x2xf64>)
  // CHECK: arith.mulf
  %1 = "gorgonia.avg_pool2d"(%x) {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x3x3xf64>) -> tensor<1x2x2x2xf64>
  return %0, %1 : tensor<1x2x2x2xf64>, tensor<1x2x2x2xf64>
}

// CHECK-LABEL: func.func @max_pool_backward_tiled
func.func @max_pool_backward_tiled(%x: tensor<1x2x5x4xf32>, %g: tensor<1x2x2x2xf32>) -> tensor<1x2x5x4xf32> {
  // Windows that tile the image: crop the row no window reads, windows last, max and first max tap as
  // contiguous reductions, ḡ routed elementwise, windows back, the row padded with 0. No gather.
  // CHECK-NOT: tensor.extract {{.*}}[
  // CHECK: tensor.extract_slice %arg0[0, 0, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1]
  // CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2x2x2x2x2xf32>)
  // CHECK: arith.maximumf
  // CHECK: arith.cmpf oeq
  // CHECK: arith.minsi
  // ḡ routed with the taps outermost (k, n, c, oh, ow), then transposed back
  // CHECK: linalg.generic {{.*}} ins(%{{.*}}, %arg1 : tensor<1x2x2x2xi32>, tensor<1x2x2x2xf32>) outs(%{{.*}} : tensor<4x1x2x2x2xf32>)
  // CHECK: tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 0, 1, 0]
  %0 = "gorgonia.max_pool2d_backward"(%x, %g) {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x5x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x5x4xf32>
  return %0 : tensor<1x2x5x4xf32>
}

// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  // CHECK: arith.maximumf
  // CHECK: arith.subf
  // CHECK: math.exp
  // CHECK: arith.addf
  // CHECK: arith.divf
  %0 = "gorgonia.softmax"(%x) {axis = -1 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// CHECK-LABEL: func.func @log_softmax
func.func @log_softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  // CHECK-DAG: %[[NAN:.*]] = arith.constant 0x7FC00000 : f32
  // CHECK-DAG: %[[MONE:.*]] = arith.constant -1.000000e+00 : f32
  // CHECK: %[[M:.*]] = linalg.generic {{.*}} ins(%arg0 : tensor<2x5xf32>)
  // CHECK: arith.maximumf
  // exp(x - m) summed over the entries below the max, count(x == m) - 1 beside it (one generic)
  // CHECK: %[[C:.*]] = linalg.fill ins(%[[MONE]] : f32)
  // CHECK: %[[S:.*]]:2 = linalg.generic {{.*}} ins(%arg0, %[[M]] : tensor<2x5xf32>, tensor<2xf32>) outs(%{{.*}}, %[[C]] : tensor<2xf32>, tensor<2xf32>)
  // CHECK: arith.cmpf oeq
  // CHECK: math.exp
  // CHECK: linalg.yield %{{.*}}, %{{.*}} : f32, f32
  // per row: log1p(below + ties), NaN where the max is not finite (numpy's NaN rows)
  // CHECK: %[[LT:.*]] = linalg.generic {{.*}} ins(%[[S]]#0, %[[S]]#1, %[[M]] : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
  // CHECK: arith.cmpf one
  // CHECK: %[[L:.*]] = math.log1p
  // CHECK: arith.select %{{.*}}, %[[L]], %[[NAN]]
  // CHECK: linalg.generic {{.*}} ins(%arg0, %[[M]], %[[LT]] : tensor<2x5xf32>, tensor<2xf32>, tensor<2xf32>)
  // CHECK: arith.subf
  // CHECK: arith.subf
  %0 = "gorgonia.log_softmax"(%x) {axis = -1 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}
