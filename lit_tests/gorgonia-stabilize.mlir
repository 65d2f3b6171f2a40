// gorgonia-stabilize: every rule of Gorgonia's stabilization.go, plus log-sum-exp; matches and non-matches.
// RUN: gorgonia-opt --split-input-file %s -p gorgonia-stabilize | filecheck %s

// log(σ(x)) → -softplus(-x)
// CHECK-LABEL: func.func @log_sigmoid
// CHECK: %[[N:.*]] = "gorgonia.neg"(%arg0)
// CHECK: %[[S:.*]] = "gorgonia.softplus"(%[[N]])
// CHECK: %[[R:.*]] = "gorgonia.neg"(%[[S]])
// CHECK-NOT: "gorgonia.log"
// CHECK: return %[[R]]
func.func @log_sigmoid(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = "gorgonia.sigmoid"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %1 = "gorgonia.log"(%0) : (tensor<3xf32>) -> tensor<3xf32>
  return %1 : tensor<3xf32>
}

// -----

// log(1 + x), log(x + 1) → log1p(x); log(1 - x) → log1p(-x)
// CHECK-LABEL: func.func @log_one_plus_minus
// CHECK: %[[A:.*]] = "gorgonia.log1p"(%arg0)
// CHECK: %[[B:.*]] = "gorgonia.log1p"(%arg0)
// CHECK: %[[N:.*]] = "gorgonia.neg"(%arg0)
// CHECK: %[[C:.*]] = "gorgonia.log1p"(%[[N]])
// CHECK: return %[[A]], %[[B]], %[[C]]
func.func @log_one_plus_minus(%x: tensor<3xf64>) -> (tensor<3xf64>, tensor<3xf64>, tensor<3xf64>) {
  %one = "gorgonia.constant"() {value = dense<1.0> : tensor<f64>} : () -> tensor<f64>
  %0 = "gorgonia.add"(%one, %x) : (tensor<f64>, tensor<3xf64>) -> tensor<3xf64>
  %1 = "gorgonia.log"(%0) : (tensor<3xf64>) -> tensor<3xf64>
  %2 = "gorgonia.add"(%x, %one) : (tensor<3xf64>, tensor<f64>) -> tensor<3xf64>
  %3 = "gorgonia.log"(%2) : (tensor<3xf64>) -> tensor<3xf64>
  %4 = "gorgonia.sub"(%one, %x) : (tensor<f64>, tensor<3xf64>) -> tensor<3xf64>
  %5 = "gorgonia.log"(%4) : (tensor<3xf64>) -> tensor<3xf64>
  return %1, %3, %5 : tensor<3xf64>, tensor<3xf64>, tensor<3xf64>
}

// -----

// Non-matches: log(2 + x) and log(x - 1) stay; a broadcasting 1 + x that changes the shape stays.
// CHECK-LABEL: func.func @log_non_matches
// CHECK-NOT: gorgonia.log1p
// CHECK-COUNT-3: "gorgonia.log"
func.func @log_non_matches(%x: tensor<3xf32>, %s: tensor<f32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %two = "gorgonia.constant"() {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
  %one = "gorgonia.constant"() {value = dense<1.0> : tensor<3xf32>} : () -> tensor<3xf32>
  %0 = "gorgonia.add"(%two, %x) : (tensor<f32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = "gorgonia.log"(%0) : (tensor<3xf32>) -> tensor<3xf32>
  %2 = "gorgonia.sub"(%x, %one) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %3 = "gorgonia.log"(%2) : (tensor<3xf32>) -> tensor<3xf32>
  %4 = "gorgonia.add"(%one, %s) : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  %5 = "gorgonia.log"(%4) : (tensor<3xf32>) -> tensor<3xf32>
  return %1, %3, %5 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// log(softmax(x)) → log_softmax(x) (same axis); log(a ⊙ softmax(b)) → log(a) + log_softmax(b)
// CHECK-LABEL: func.func @log_softmax
// CHECK: %[[A:.*]] = "gorgonia.log_softmax"(%arg0) {axis = 0 : i64}
// CHECK: %[[LA:.*]] = "gorgonia.log"(%arg1)
// CHECK: %[[LS:.*]] = "gorgonia.log_softmax"(%arg0) {axis = 1 : i64}
// CHECK: %[[B:.*]] = "gorgonia.add"(%[[LA]], %[[LS]])
// CHECK: return %[[A]], %[[B]]
func.func @log_softmax(%x: tensor<2x3xf32>, %a: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = "gorgonia.softmax"(%x) {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = "gorgonia.log"(%0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = "gorgonia.softmax"(%x) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = "gorgonia.hadamard_prod"(%a, %2) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = "gorgonia.log"(%3) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %1, %4 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// exp(x) - 1 → expm1(x); 1 - σ(x) → σ(-x); log1p(exp x) → softplus(x); log1p(-σ(x)) → -softplus(x)
// CHECK-LABEL: func.func @exp_sigmoid_forms
// CHECK-DAG: "gorgonia.expm1"(%arg0)
// CHECK-DAG: %[[N:.*]] = "gorgonia.neg"(%arg0)
// CHECK-DAG: "gorgonia.sigmoid"(%[[N]])
// CHECK-DAG: "gorgonia.softplus"(%arg0)
// CHECK-NOT: "gorgonia.exp"(
// CHECK-NOT: "gorgonia.log1p"
// CHECK: return
func.func @exp_sigmoid_forms(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %one = "gorgonia.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
  %e = "gorgonia.exp"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %0 = "gorgonia.sub"(%e, %one) : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %s = "gorgonia.sigmoid"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = "gorgonia.sub"(%one, %s) : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = "gorgonia.log1p"(%e) : (tensor<4xf32>) -> tensor<4xf32>
  %n = "gorgonia.neg"(%s) : (tensor<4xf32>) -> tensor<4xf32>
  %3 = "gorgonia.log1p"(%n) : (tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// log(Σ exp(x)) → log_sum_exp(x), keeping the sum's axes; a log of a plain sum stays.
// CHECK-LABEL: func.func @log_sum_exp
// CHECK: "gorgonia.log_sum_exp"(%arg0) {along = array<i64: 1>, keepdims = true}
// CHECK: "gorgonia.sum"(%arg0)
// CHECK: "gorgonia.log"
func.func @log_sum_exp(%x: tensor<2x3xf32>) -> (tensor<2x1xf32>, tensor<2x1xf32>) {
  %0 = "gorgonia.exp"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = "gorgonia.sum"(%0) {along = array<i64: 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %2 = "gorgonia.log"(%1) : (tensor<2x1xf32>) -> tensor<2x1xf32>
  %3 = "gorgonia.sum"(%x) {along = array<i64: 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %4 = "gorgonia.log"(%3) : (tensor<2x1xf32>) -> tensor<2x1xf32>
  return %2, %4 : tensor<2x1xf32>, tensor<2x1xf32>
}

// -----

// A bypassed intermediate that is still used elsewhere stays.
// CHECK-LABEL: func.func @shared_intermediate
// CHECK: %[[S:.*]] = "gorgonia.sigmoid"(%arg0)
// CHECK: "gorgonia.softplus"
// CHECK: return %{{.*}}, %[[S]]
func.func @shared_intermediate(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %0 = "gorgonia.sigmoid"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %1 = "gorgonia.log"(%0) : (tensor<3xf32>) -> tensor<3xf32>
  return %1, %0 : tensor<3xf32>, tensor<3xf32>
}

// -----

// 1 - erf(x) → erfc(x) (1 - erf(10) is 0 where erfc(10) = 2.1e-45)
// CHECK-LABEL: func.func @one_minus_erf
// CHECK: %[[C:.*]] = "gorgonia.erfc"(%arg0)
// CHECK-NOT: "gorgonia.sub"
// CHECK: return %[[C]]
func.func @one_minus_erf(%x: tensor<4xf64>) -> tensor<4xf64> {
  %one = "gorgonia.constant"() {value = dense<1.0> : tensor<f64>} : () -> tensor<f64>
  %f = "gorgonia.erf"(%x) : (tensor<4xf64>) -> tensor<4xf64>
  %0 = "gorgonia.sub"(%one, %f) : (tensor<f64>, tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}
