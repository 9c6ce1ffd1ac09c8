//! The optimizer with its state: one `step` per update at the LR the LR control gives.
#[allow(unused_imports)]
use super::*;

/// The per-class state (moments, step counters, ...), created at the first step.
#[derive(Clone, Debug, PartialEq)]
pub enum OptimizerState {
    /// SGD's momentum buffer.
    Sgd(SgdState),
    /// Adam's and AdamW's moments (and the AMSGrad maximum).
    Adam(AdamState),
    /// Adamax's first moment and infinity norm.
    Adamax(AdamaxState),
    /// NAdam's moments and μ product.
    NAdam(NAdamState),
    /// RAdam's moments.
    RAdam(RAdamState),
    /// RMSprop's averages and momentum buffer.
    RmsProp(RmsPropState),
    /// Adagrad's sum of squared gradients.
    Adagrad(AdagradState),
    /// Adadelta's two running averages.
    Adadelta(AdadeltaState),
    /// ASGD's step size η, μ and average.
    Asgd(AsgdState),
    /// Rprop's previous gradient and step sizes.
    Rprop(RpropState),
    /// Adafactor's variance estimate.
    Adafactor(AdafactorState),
    /// Lion's momentum.
    Lion(LionState),
}

impl OptimizerState {
    fn fresh(config: &OptimizerConfig) -> OptimizerState {
        match config {
            OptimizerConfig::Sgd(_) => OptimizerState::Sgd(SgdState::default()),
            OptimizerConfig::Adam(_) | OptimizerConfig::AdamW(_) => OptimizerState::Adam(AdamState::default()),
            OptimizerConfig::Adamax(_) => OptimizerState::Adamax(AdamaxState::default()),
            OptimizerConfig::NAdam(_) => OptimizerState::NAdam(NAdamState::default()),
            OptimizerConfig::RAdam(_) => OptimizerState::RAdam(RAdamState::default()),
            OptimizerConfig::RmsProp(_) => OptimizerState::RmsProp(RmsPropState::default()),
            OptimizerConfig::Adagrad(_) => OptimizerState::Adagrad(AdagradState::default()),
            OptimizerConfig::Adadelta(_) => OptimizerState::Adadelta(AdadeltaState::default()),
            OptimizerConfig::Asgd(_) => OptimizerState::Asgd(AsgdState::default()),
            OptimizerConfig::Rprop(_) => OptimizerState::Rprop(RpropState::default()),
            OptimizerConfig::Adafactor(_) => OptimizerState::Adafactor(AdafactorState::default()),
            OptimizerConfig::Lion(_) => OptimizerState::Lion(LionState::default()),
        }
    }
}

/// A validated optimizer and its state.
#[derive(Clone, Debug, PartialEq)]
pub struct Optimizer {
    config: OptimizerConfig,
    state: OptimizerState,
    initial_lr: f64,
    steps: u64,
}

impl Optimizer {
    /// Validates `config` with the initial LR (torch's constructor checks) and creates an empty
    /// state.
    pub fn new(config: OptimizerConfig, initial_lr: f64) -> Result<Optimizer> {
        config.validate(initial_lr)?;
        let state = OptimizerState::fresh(&config);
        Ok(Optimizer { config, state, initial_lr, steps: 0 })
    }

    /// [`OptimizerConfig::from_returnn`] then [`Optimizer::new`].
    pub fn from_returnn(optimizer: &PyValue, learning_rate: f64) -> Result<Optimizer> {
        Optimizer::new(OptimizerConfig::from_returnn(optimizer, learning_rate)?, learning_rate)
    }

    /// The validated hyper-parameters.
    pub fn config(&self) -> &OptimizerConfig {
        &self.config
    }

    /// The current per-class state (empty until the first [`Optimizer::step`]).
    pub fn state(&self) -> &OptimizerState {
        &self.state
    }

    /// The LR it was constructed with.
    pub fn initial_lr(&self) -> f64 {
        self.initial_lr
    }

    /// Number of updates done.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Forgets the state (as a new optimizer).
    pub fn reset(&mut self) {
        self.state = OptimizerState::fresh(&self.config);
        self.steps = 0;
    }

    /// One `optimizer.step()` with gradient `grad` at learning rate `lr` (written into the param
    /// group just before, as RETURNN does). The state is created at the first step for
    /// `params.len()` elements (and re-created if that length changes); gradient entries beyond
    /// `params.len()` are ignored, parameters without a gradient entry are left alone.
    pub fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64) {
        let n = params.len().min(grad.len());
        let (p, g) = (&mut params[..n], &grad[..n]);
        match (&self.config, &mut self.state) {
            (OptimizerConfig::Sgd(c), OptimizerState::Sgd(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::Adam(c) | OptimizerConfig::AdamW(c), OptimizerState::Adam(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::Adamax(c), OptimizerState::Adamax(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::NAdam(c), OptimizerState::NAdam(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::RAdam(c), OptimizerState::RAdam(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::RmsProp(c), OptimizerState::RmsProp(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::Adagrad(c), OptimizerState::Adagrad(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::Adadelta(c), OptimizerState::Adadelta(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::Asgd(c), OptimizerState::Asgd(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::Rprop(c), OptimizerState::Rprop(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::Adafactor(c), OptimizerState::Adafactor(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::Lion(c), OptimizerState::Lion(s)) => c.step(s, p, g, lr, self.initial_lr),
            // Config and state are created together and never diverge; recover anyway.
            (config, state) => {
                *state = OptimizerState::fresh(config);
                return self.step(params, grad, lr);
            }
        }
        self.steps += 1;
    }
}
