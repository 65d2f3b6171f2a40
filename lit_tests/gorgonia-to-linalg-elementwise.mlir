// gorgonia-to-linalg for the elementwise math family: one linalg.generic each, the scalar body below.
// RUN: gorgonia-opt --split-input-file %s -p gorgonia-verify,gorgonia-to-linalg | filecheck %s
// RUN: gorgonia-opt --split-input-file %s -p gorgonia-to-linalg | iree-opt --split-input-file > /dev/null

// CHECK-LABEL: func.func @f32_math
func.func @f32_math(%x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  // CHECK: linalg.generic
  // CHECK: math.absf
  %0 = "gorgonia.abs"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  // f32 sin is ours (IREE's is wrong for small negative x): Payne–Hanek reduction with nine chunks of
  // 2/π and fdlibm's kernel, in f64, rounded once
  // CHECK: arith.extf
  // CHECK-COUNT-9: arith.mulf %{{.*}}, %{{.*}} : f64
  // CHECK: math.roundeven
  // CHECK-NOT: math.sin
  // CHECK: arith.truncf
  %1 = "gorgonia.sin"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  // f32 log1p is IREE's (within the bound, docs/accuracy.md)
  // CHECK: math.log1p
  %2 = "gorgonia.log1p"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  // f32 expm1 is IREE's, shifted above 87 like exp
  // CHECK: arith.cmpf ogt
  // CHECK: math.expm1
  %3 = "gorgonia.expm1"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  // softplus = max(x, 0) + log1p(exp(-|x|))
  // CHECK: arith.maximumf
  // CHECK: math.absf
  // CHECK: arith.negf
  // CHECK: math.exp
  // CHECK: math.log1p
  // CHECK: arith.addf
  %4 = "gorgonia.softplus"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: arith.minimumf
  %5 = "gorgonia.min_between"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// f64 sin/cos are not IREE's (libm would not link): range reduction by π/2 and fdlibm polynomials.
// Below 2^20 the three-part Cody–Waite reduction (k·π/2 subtracted in three 33-bit parts), above it
// Payne–Hanek: products with the chunks of 2/π that the exponent selects, gathered from a table.
// CHECK-LABEL: func.func @f64_trig
// CHECK: math.roundeven
// CHECK-COUNT-3: arith.subf %{{.*}}, %{{.*}} : f64
// CHECK: tensor.extract %{{.*}} : tensor<50xf64>
// CHECK: math.floor
// CHECK: arith.fptosi
// CHECK-NOT: math.sin
// CHECK: arith.select
func.func @f64_trig(%x: tensor<4xf64>) -> tensor<4xf64> {
  %0 = "gorgonia.sin"(%x) : (tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// -----

// f64 log1p / expm1 are Kahan's corrected forms (IREE expands them into log(1+x) / exp(x)-1).
// CHECK-LABEL: func.func @f64_log1p_expm1
// CHECK-NOT: math.log1p
// CHECK: math.log
// CHECK: arith.divf
// CHECK: arith.cmpf oeq
// CHECK: arith.select
// CHECK-NOT: math.expm1
// CHECK: math.exp
// CHECK: math.log
// CHECK: arith.select
func.func @f64_log1p_expm1(%x: tensor<4xf64>) -> (tensor<4xf64>, tensor<4xf64>) {
  %0 = "gorgonia.log1p"(%x) : (tensor<4xf64>) -> tensor<4xf64>
  %1 = "gorgonia.expm1"(%x) : (tensor<4xf64>) -> tensor<4xf64>
  return %0, %1 : tensor<4xf64>, tensor<4xf64>
}

// -----

// Integer variants: math.absi, arith.maxsi; sign is a pair of selects.
// CHECK-LABEL: func.func @ints
// CHECK: math.absi
// CHECK: arith.maxsi
// CHECK: arith.cmpi sgt
// CHECK: arith.select
func.func @ints(%x: tensor<4xi32>, %y: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %0 = "gorgonia.abs"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  %1 = "gorgonia.max_between"(%x, %y) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %2 = "gorgonia.sign"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0, %1, %2 : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}

// -----

// Float sign: 1 above zero, -1 below, +0 for ±0 (numpy's sign(-0.0) is +0.0), NaN passed through.
// CHECK-LABEL: func.func @f32_sign
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf oeq
// CHECK: arith.select
// CHECK: arith.select
// CHECK: arith.select
func.func @f32_sign(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "gorgonia.sign"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
