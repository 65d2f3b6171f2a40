// gorgonia-to-linalg of erf: fdlibm's rational approximations on |x| in the element type, the interval
// picked by selects, two exps for the erfc tail, the sign bit restored and NaN passed through.
// RUN: gorgonia-opt --split-input-file %s -p gorgonia-verify,gorgonia-to-linalg | filecheck %s
// RUN: gorgonia-opt --split-input-file %s -p gorgonia-to-linalg | iree-opt --split-input-file > /dev/null

// CHECK-LABEL: func.func @erf_f32
func.func @erf_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: linalg.generic
  // CHECK: math.absf
  // CHECK-NOT: arith.extf
  // z = |x| with its low mantissa bits cleared: 0xffffe000 as i32
  // CHECK: arith.bitcast %{{.*}} : f32 to i32
  // CHECK: arith.andi %{{.*}}, %{{.*}} : i32
  // CHECK: math.exp
  // CHECK: math.exp
  // CHECK: arith.select
  // CHECK: arith.cmpf uno
  // the sign bit of x ored into the result (vmvx has no math.copysign)
  // CHECK: arith.ori %{{.*}}, %{{.*}} : i32
  // CHECK-NOT: math.erf
  %0 = "gorgonia.erf"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// f64: no math.erf (IREE 3.13 would call libm's erf, which device code cannot link)
// CHECK-LABEL: func.func @erf_f64
func.func @erf_f64(%x: tensor<4xf64>) -> tensor<4xf64> {
  // CHECK: linalg.generic
  // CHECK: arith.bitcast %{{.*}} : f64 to i64
  // CHECK: math.exp
  // CHECK: arith.ori %{{.*}}, %{{.*}} : i64
  // CHECK-NOT: math.erf
  %0 = "gorgonia.erf"(%x) : (tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// -----

// Φ(x) = erfc(-x/√2)/2 with -x/√2 as hi + lo (an fma recovers the product's rounding error)
// CHECK-LABEL: func.func @ndtr_f64
func.func @ndtr_f64(%x: tensor<4xf64>) -> tensor<4xf64> {
  // CHECK: linalg.generic
  // CHECK: math.fma
  // CHECK: math.exp
  // CHECK-NOT: math.erf
  %0 = "gorgonia.ndtr"(%x) : (tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}
