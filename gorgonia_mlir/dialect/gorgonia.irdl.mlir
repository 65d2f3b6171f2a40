// The `gorgonia` dialect in IRDL, generated from the op table OPS (gorgonia_mlir/dialect/table.py).
// Do not edit: regenerate with `python -m gorgonia_mlir.dialect.irdl`.
// Use: iree-opt --irdl-file=gorgonia.irdl.mlir input.mlir
// Every operand, result and attribute has its own constraint value (one value used twice would force
// equal types). All elements of one variadic group must share one type: IRDL unifies them.

irdl.dialect @gorgonia {
  // gorgonia.abs: |x|
  irdl.operation @abs {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.add: x + y, numpy broadcasting
  irdl.operation @add {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
  }

  // gorgonia.argmax: Int64 index of the maximum along `axis` (first on ties; a NaN counts as the extremum)
  irdl.operation @argmax {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %axis_attr = irdl.base "#builtin.integer"
    %keepdims_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"axis" = %axis_attr, "keepdims" = %keepdims_attr}
  }

  // gorgonia.argmin: Int64 index of the minimum along `axis` (first on ties; a NaN counts as the extremum)
  irdl.operation @argmin {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %axis_attr = irdl.base "#builtin.integer"
    %keepdims_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"axis" = %axis_attr, "keepdims" = %keepdims_attr}
  }

  // gorgonia.assign: store `value` into the learnable `name` (a util.global) each run; a state update
  irdl.operation @assign {
    %value = irdl.base "!builtin.tensor"
    %name_attr = irdl.base "#builtin.string"
    irdl.operands(value: %value)
    irdl.attributes {"name" = %name_attr}
  }

  // gorgonia.avg_pool2d: mean over each kh×kw window; padded cells do not count (each window divides by its real cells)
  irdl.operation @avg_pool2d {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %kernel_attr = irdl.base "#builtin.dense_array"
    %pad_attr = irdl.base "#builtin.dense_array"
    %stride_attr = irdl.base "#builtin.dense_array"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"kernel" = %kernel_attr, "pad" = %pad_attr, "stride" = %stride_attr}
  }

  // gorgonia.avg_pool2d_backward: the adjoint of avg_pool2d: g[n,c,oh,ow] / count spread over the real cells of window (oh,ow)
  irdl.operation @avg_pool2d_backward {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %kernel_attr = irdl.base "#builtin.dense_array"
    %pad_attr = irdl.base "#builtin.dense_array"
    %stride_attr = irdl.base "#builtin.dense_array"
    %shape_attr = irdl.base "#builtin.dense_array"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"kernel" = %kernel_attr, "pad" = %pad_attr, "stride" = %stride_attr, "shape" = %shape_attr}
  }

  // gorgonia.batched_matmul: a batch of matrix products x[i] @ y[i] (rank 3), either operand optionally transposed
  irdl.operation @batched_matmul {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %trans_a_attr = irdl.base "#builtin.integer"
    %trans_b_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
    irdl.attributes {"trans_a" = %trans_a_attr, "trans_b" = %trans_b_attr}
  }

  // gorgonia.binomial_random: binomial samples: successes in `trials` Bernoulli(prob) draws
  irdl.operation @binomial_random {
    %result = irdl.base "!builtin.tensor"
    %seed_attr = irdl.base "#builtin.integer"
    %shape_attr = irdl.base "#builtin.dense_array"
    %dtype_attr = irdl.base "#builtin.string"
    %trials_attr = irdl.base "#builtin.integer"
    %prob_attr = irdl.base "#builtin.float"
    irdl.results(result: %result)
    irdl.attributes {"seed" = %seed_attr, "shape" = %shape_attr, "dtype" = %dtype_attr, "trials" = %trials_attr, "prob" = %prob_attr}
  }

  // gorgonia.broadcast_to: numpy broadcast to a shape
  irdl.operation @broadcast_to {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %shape_attr = irdl.base "#builtin.dense_array"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"shape" = %shape_attr}
  }

  // gorgonia.by_indices: gather: x's slices along `axis` picked by an integer index vector (indices clamped into range)
  irdl.operation @by_indices {
    %x = irdl.base "!builtin.tensor"
    %indices = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %axis_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x, indices: %indices)
    irdl.results(result: %result)
    irdl.attributes {"axis" = %axis_attr}
  }

  // gorgonia.ceil: smallest integer ≥ x
  irdl.operation @ceil {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.col2im: the adjoint of im2col: each column entry added back to the image pixel it was read from
  irdl.operation @col2im {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %kernel_attr = irdl.base "#builtin.dense_array"
    %pad_attr = irdl.base "#builtin.dense_array"
    %stride_attr = irdl.base "#builtin.dense_array"
    %dilation_attr = irdl.base "#builtin.dense_array"
    %shape_attr = irdl.base "#builtin.dense_array"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"kernel" = %kernel_attr, "pad" = %pad_attr, "stride" = %stride_attr, "dilation" = %dilation_attr, "shape" = %shape_attr}
  }

  // gorgonia.concat: join tensors along an axis
  irdl.operation @concat {
    %xs = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %axis_attr = irdl.base "#builtin.integer"
    irdl.operands(xs: variadic %xs)
    irdl.results(result: %result)
    irdl.attributes {"axis" = %axis_attr}
  }

  // gorgonia.constant: a constant tensor
  irdl.operation @constant {
    %result = irdl.base "!builtin.tensor"
    %value_attr = irdl.base "#builtin.dense_typed_elements"
    irdl.results(result: %result)
    irdl.attributes {"value" = %value_attr}
  }

  // gorgonia.conv2d: 2-d cross-correlation of (N,Cin,H,W) images with (Cout,Cin,kh,kw) filters; zero padding (top, bottom, left, right), strides, dilations
  irdl.operation @conv2d {
    %x = irdl.base "!builtin.tensor"
    %filter = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %pad_attr = irdl.base "#builtin.dense_array"
    %stride_attr = irdl.base "#builtin.dense_array"
    %dilation_attr = irdl.base "#builtin.dense_array"
    irdl.operands(x: %x, filter: %filter)
    irdl.results(result: %result)
    irdl.attributes {"pad" = %pad_attr, "stride" = %stride_attr, "dilation" = %dilation_attr}
  }

  // gorgonia.conv_float: float → float cast (Float32 ↔ Float64)
  irdl.operation @conv_float {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %dtype_attr = irdl.base "#builtin.string"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"dtype" = %dtype_attr}
  }

  // gorgonia.conv_transpose2d: the adjoint of conv2d w.r.t. its image: (N,Cout,H',W') with (Cout,Cin,kh,kw) filters → (N,Cin,H,W); output_padding (< stride) extra rows/columns at the bottom/right
  irdl.operation @conv_transpose2d {
    %x = irdl.base "!builtin.tensor"
    %filter = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %pad_attr = irdl.base "#builtin.dense_array"
    %stride_attr = irdl.base "#builtin.dense_array"
    %dilation_attr = irdl.base "#builtin.dense_array"
    %output_padding_attr = irdl.base "#builtin.dense_array"
    irdl.operands(x: %x, filter: %filter)
    irdl.results(result: %result)
    irdl.attributes {"pad" = %pad_attr, "stride" = %stride_attr, "dilation" = %dilation_attr, "output_padding" = %output_padding_attr}
  }

  // gorgonia.conv_type: cast to or from an integer or Bool (float→int truncates toward zero, saturating; NaN → 0); piecewise constant, so not differentiable
  irdl.operation @conv_type {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %dtype_attr = irdl.base "#builtin.string"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"dtype" = %dtype_attr}
  }

  // gorgonia.cos: cosine
  irdl.operation @cos {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.dot: vector · vector → scalar
  irdl.operation @dot {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
  }

  // gorgonia.eq: x == y elementwise: Bool, or 1/0 in the operands' dtype with ret_same
  irdl.operation @eq {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %ret_same_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
    irdl.attributes {"ret_same" = %ret_same_attr}
  }

  // gorgonia.erf: the error function 2/√π ∫₀ˣ e^(-t²) dt
  irdl.operation @erf {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.erfc: 1 - erf(x) without its cancellation: erfc(10) = 2.1e-45 where 1 - erf(10) = 0
  irdl.operation @erfc {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.exp: e**x
  irdl.operation @exp {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.expm1: exp(x) - 1, accurate near 0
  irdl.operation @expm1 {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.floor: largest integer ≤ x
  irdl.operation @floor {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.gaussian_random: normal samples (inverse-CDF of a uniform, Acklam's approximation)
  irdl.operation @gaussian_random {
    %result = irdl.base "!builtin.tensor"
    %seed_attr = irdl.base "#builtin.integer"
    %shape_attr = irdl.base "#builtin.dense_array"
    %dtype_attr = irdl.base "#builtin.string"
    %mean_attr = irdl.base "#builtin.float"
    %stdev_attr = irdl.base "#builtin.float"
    irdl.results(result: %result)
    irdl.attributes {"seed" = %seed_attr, "shape" = %shape_attr, "dtype" = %dtype_attr, "mean" = %mean_attr, "stdev" = %stdev_attr}
  }

  // gorgonia.grad: d cost / d wrt (reverse mode); the requests on one cost share one reverse sweep of gorgonia-autodiff
  irdl.operation @grad {
    %cost = irdl.base "!builtin.tensor"
    %wrt = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(cost: %cost, wrt: %wrt)
    irdl.results(result: %result)
  }

  // gorgonia.gt: x > y elementwise: Bool, or 1/0 in the operands' dtype with ret_same
  irdl.operation @gt {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %ret_same_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
    irdl.attributes {"ret_same" = %ret_same_attr}
  }

  // gorgonia.gte: x >= y elementwise: Bool, or 1/0 in the operands' dtype with ret_same
  irdl.operation @gte {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %ret_same_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
    irdl.attributes {"ret_same" = %ret_same_attr}
  }

  // gorgonia.hadamard_div: x / y elementwise, numpy broadcasting
  irdl.operation @hadamard_div {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
  }

  // gorgonia.hadamard_prod: x * y elementwise, numpy broadcasting
  irdl.operation @hadamard_prod {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
  }

  // gorgonia.im2col: image patches as columns (Gorgonia's layout): (N,C,H,W) → (N,H',W',C·kh·kw), patch index c·kh·kw + i·kw + j
  irdl.operation @im2col {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %kernel_attr = irdl.base "#builtin.dense_array"
    %pad_attr = irdl.base "#builtin.dense_array"
    %stride_attr = irdl.base "#builtin.dense_array"
    %dilation_attr = irdl.base "#builtin.dense_array"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"kernel" = %kernel_attr, "pad" = %pad_attr, "stride" = %stride_attr, "dilation" = %dilation_attr}
  }

  // gorgonia.insert_slice: zeros of `shape` with x written into the strided window (the adjoint of slice)
  irdl.operation @insert_slice {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %shape_attr = irdl.base "#builtin.dense_array"
    %offsets_attr = irdl.base "#builtin.dense_array"
    %strides_attr = irdl.base "#builtin.dense_array"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"shape" = %shape_attr, "offsets" = %offsets_attr, "strides" = %strides_attr}
  }

  // gorgonia.jvp: Jacobian-vector product (forward mode): d outputs / d wrt · tangents
  irdl.operation @jvp {
    %outputs = irdl.base "!builtin.tensor"
    %wrt = irdl.base "!builtin.tensor"
    %tangents = irdl.base "!builtin.tensor"
    %results = irdl.base "!builtin.tensor"
    %operandSegmentSizes_attr = irdl.base "#builtin.dense_array"
    irdl.operands(outputs: variadic %outputs, wrt: variadic %wrt, tangents: variadic %tangents)
    irdl.results(results: variadic %results)
    irdl.attributes {"operandSegmentSizes" = %operandSegmentSizes_attr}
  }

  // gorgonia.learnable: a named learnable (a parameter); lowered to a mutable util.global
  irdl.operation @learnable {
    %result = irdl.base "!builtin.tensor"
    %name_attr = irdl.base "#builtin.string"
    %shape_attr = irdl.base "#builtin.dense_array"
    %dtype_attr = irdl.base "#builtin.string"
    irdl.results(result: %result)
    irdl.attributes {"name" = %name_attr, "shape" = %shape_attr, "dtype" = %dtype_attr}
  }

  // gorgonia.log: natural logarithm
  irdl.operation @log {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.log1p: log(1 + x), accurate near 0
  irdl.operation @log1p {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.log_softmax: x - max - log(sum(exp(x - max))) along `axis`
  irdl.operation @log_softmax {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %axis_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"axis" = %axis_attr}
  }

  // gorgonia.log_sum_exp: log(sum(exp(x))) over the axes `along`, max-shifted (stable)
  irdl.operation @log_sum_exp {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %along_attr = irdl.base "#builtin.dense_array"
    %keepdims_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"along" = %along_attr, "keepdims" = %keepdims_attr}
  }

  // gorgonia.lt: x < y elementwise: Bool, or 1/0 in the operands' dtype with ret_same
  irdl.operation @lt {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %ret_same_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
    irdl.attributes {"ret_same" = %ret_same_attr}
  }

  // gorgonia.lte: x <= y elementwise: Bool, or 1/0 in the operands' dtype with ret_same
  irdl.operation @lte {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %ret_same_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
    irdl.attributes {"ret_same" = %ret_same_attr}
  }

  // gorgonia.matmul: matrix × matrix
  irdl.operation @matmul {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
  }

  // gorgonia.matvec: matrix × vector
  irdl.operation @matvec {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
  }

  // gorgonia.max: maximum over the axes `along` (NaN propagates)
  irdl.operation @max {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %along_attr = irdl.base "#builtin.dense_array"
    %keepdims_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"along" = %along_attr, "keepdims" = %keepdims_attr}
  }

  // gorgonia.max_between: elementwise maximum, numpy broadcasting (NaN propagates)
  irdl.operation @max_between {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
  }

  // gorgonia.max_pool2d: max over each kh×kw window (padding never wins: it is -inf)
  irdl.operation @max_pool2d {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %kernel_attr = irdl.base "#builtin.dense_array"
    %pad_attr = irdl.base "#builtin.dense_array"
    %stride_attr = irdl.base "#builtin.dense_array"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"kernel" = %kernel_attr, "pad" = %pad_attr, "stride" = %stride_attr}
  }

  // gorgonia.max_pool2d_backward: max_pool2d's VJP: g[n,c,oh,ow] added at the first max of window (oh,ow) of x (row-major); linear in g
  irdl.operation @max_pool2d_backward {
    %x = irdl.base "!builtin.tensor"
    %g = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %kernel_attr = irdl.base "#builtin.dense_array"
    %pad_attr = irdl.base "#builtin.dense_array"
    %stride_attr = irdl.base "#builtin.dense_array"
    irdl.operands(x: %x, g: %g)
    irdl.results(result: %result)
    irdl.attributes {"kernel" = %kernel_attr, "pad" = %pad_attr, "stride" = %stride_attr}
  }

  // gorgonia.max_pool2d_select: max_pool2d's JVP: t read at the first max of each window of x (row-major); linear in t
  irdl.operation @max_pool2d_select {
    %x = irdl.base "!builtin.tensor"
    %g = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %kernel_attr = irdl.base "#builtin.dense_array"
    %pad_attr = irdl.base "#builtin.dense_array"
    %stride_attr = irdl.base "#builtin.dense_array"
    irdl.operands(x: %x, g: %g)
    irdl.results(result: %result)
    irdl.attributes {"kernel" = %kernel_attr, "pad" = %pad_attr, "stride" = %stride_attr}
  }

  // gorgonia.min: minimum over the axes `along` (NaN propagates)
  irdl.operation @min {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %along_attr = irdl.base "#builtin.dense_array"
    %keepdims_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"along" = %along_attr, "keepdims" = %keepdims_attr}
  }

  // gorgonia.min_between: elementwise minimum, numpy broadcasting (NaN propagates)
  irdl.operation @min_between {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
  }

  // gorgonia.mode_select: the train-mode operand, or the eval-mode one when the module's gorgonia.mode is eval
  irdl.operation @mode_select {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
  }

  // gorgonia.ndtr: the standard normal CDF Φ(x) = erfc(-x/√2)/2, accurate in the tails
  irdl.operation @ndtr {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.ne: x != y elementwise: Bool, or 1/0 in the operands' dtype with ret_same
  irdl.operation @ne {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %ret_same_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
    irdl.attributes {"ret_same" = %ret_same_attr}
  }

  // gorgonia.neg: -x
  irdl.operation @neg {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.outer_prod: outer product of vectors
  irdl.operation @outer_prod {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
  }

  // gorgonia.pow: x ** y elementwise, numpy broadcasting
  irdl.operation @pow {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
  }

  // gorgonia.prod: product over the axes `along`
  irdl.operation @prod {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %along_attr = irdl.base "#builtin.dense_array"
    %keepdims_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"along" = %along_attr, "keepdims" = %keepdims_attr}
  }

  // gorgonia.rectify: max(x, 0) (relu)
  irdl.operation @rectify {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.reshape: same elements, new shape
  irdl.operation @reshape {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %shape_attr = irdl.base "#builtin.dense_array"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"shape" = %shape_attr}
  }

  // gorgonia.scatter_add: zeros with `size` entries along `axis`, slice i of x added at indices[i] (the adjoint of by_indices)
  irdl.operation @scatter_add {
    %x = irdl.base "!builtin.tensor"
    %indices = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %axis_attr = irdl.base "#builtin.integer"
    %size_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x, indices: %indices)
    irdl.results(result: %result)
    irdl.attributes {"axis" = %axis_attr, "size" = %size_attr}
  }

  // gorgonia.sigmoid: 1/(1+exp(-x)), computed stably
  irdl.operation @sigmoid {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.sign: -1, 0 or 1 by the sign of x (NaN stays NaN)
  irdl.operation @sign {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.sin: sine
  irdl.operation @sin {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.slice: the strided window x[offsets : offsets + sizes*strides : strides] (same rank)
  irdl.operation @slice {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %offsets_attr = irdl.base "#builtin.dense_array"
    %sizes_attr = irdl.base "#builtin.dense_array"
    %strides_attr = irdl.base "#builtin.dense_array"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"offsets" = %offsets_attr, "sizes" = %sizes_attr, "strides" = %strides_attr}
  }

  // gorgonia.softmax: exp(x - max) / sum(exp(x - max)) along `axis`
  irdl.operation @softmax {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %axis_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"axis" = %axis_attr}
  }

  // gorgonia.softplus: log(1 + exp(x)), computed as max(x, 0) + log1p(exp(-|x|))
  irdl.operation @softplus {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.sparsemax: Euclidean projection of x onto the simplex along `axis` (Martins & Astudillo 2016)
  irdl.operation @sparsemax {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %axis_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"axis" = %axis_attr}
  }

  // gorgonia.sqrt: square root
  irdl.operation @sqrt {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.square: x*x
  irdl.operation @square {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.sub: x - y, numpy broadcasting
  irdl.operation @sub {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
  }

  // gorgonia.sum: sum over the axes `along`
  irdl.operation @sum {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %along_attr = irdl.base "#builtin.dense_array"
    %keepdims_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"along" = %along_attr, "keepdims" = %keepdims_attr}
  }

  // gorgonia.tanh: hyperbolic tangent
  irdl.operation @tanh {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }

  // gorgonia.tensordot: sum of x * y over the paired axes a_axes / b_axes: x's free axes, then y's
  irdl.operation @tensordot {
    %x = irdl.base "!builtin.tensor"
    %y = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %a_axes_attr = irdl.base "#builtin.dense_array"
    %b_axes_attr = irdl.base "#builtin.dense_array"
    irdl.operands(x: %x, y: %y)
    irdl.results(result: %result)
    irdl.attributes {"a_axes" = %a_axes_attr, "b_axes" = %b_axes_attr}
  }

  // gorgonia.transpose: permute axes
  irdl.operation @transpose {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %perm_attr = irdl.base "#builtin.dense_array"
    irdl.operands(x: %x)
    irdl.results(result: %result)
    irdl.attributes {"perm" = %perm_attr}
  }

  // gorgonia.unconcat: split x along an axis into n equal parts (n results)
  irdl.operation @unconcat {
    %x = irdl.base "!builtin.tensor"
    %results = irdl.base "!builtin.tensor"
    %axis_attr = irdl.base "#builtin.integer"
    %n_attr = irdl.base "#builtin.integer"
    irdl.operands(x: %x)
    irdl.results(results: variadic %results)
    irdl.attributes {"axis" = %axis_attr, "n" = %n_attr}
  }

  // gorgonia.uniform_random: uniform samples in [low, high)
  irdl.operation @uniform_random {
    %result = irdl.base "!builtin.tensor"
    %seed_attr = irdl.base "#builtin.integer"
    %shape_attr = irdl.base "#builtin.dense_array"
    %dtype_attr = irdl.base "#builtin.string"
    %low_attr = irdl.base "#builtin.float"
    %high_attr = irdl.base "#builtin.float"
    irdl.results(result: %result)
    irdl.attributes {"seed" = %seed_attr, "shape" = %shape_attr, "dtype" = %dtype_attr, "low" = %low_attr, "high" = %high_attr}
  }

  // gorgonia.vjp: vector-Jacobian product sum_i seeds_i · d outputs_i / d wrt (Gorgonia's Backpropagate)
  irdl.operation @vjp {
    %outputs = irdl.base "!builtin.tensor"
    %seeds = irdl.base "!builtin.tensor"
    %wrt = irdl.base "!builtin.tensor"
    %results = irdl.base "!builtin.tensor"
    %operandSegmentSizes_attr = irdl.base "#builtin.dense_array"
    irdl.operands(outputs: variadic %outputs, seeds: variadic %seeds, wrt: variadic %wrt)
    irdl.results(results: variadic %results)
    irdl.attributes {"operandSegmentSizes" = %operandSegmentSizes_attr}
  }
}
