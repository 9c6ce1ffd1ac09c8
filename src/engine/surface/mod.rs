//! Synthetic loss surfaces with analytic gradients.
//!
//! The eight 2-D surfaces use exactly the expressions of the reference vectors (torch code, with
//! `x = p[0]`, `y = p[1]`; see each file); the gradients are written out by hand and agree with
//! torch autograd to the last few bits. [`Surface::NoisyQuadratic`] is the `d`-dimensional noisy
//! quadratic model the simulator uses for realistic loss curves.
//!
//! Points are slices. A 2-D surface reads `p[0]` and `p[1]`; a missing coordinate reads as 0.0
//! and extra ones are ignored (never a panic).

pub mod beale;
pub mod booth;
pub mod himmelblau;
pub mod noisy_quadratic;
pub mod quadratic;
pub mod rastrigin;
pub mod rosenbrock;
pub mod saddle;
pub mod styblinski_tang;

use crate::py::error::{Error, Result};
use crate::engine::rng::Rng;
use serde::{Deserialize, Serialize};

/// Largest dimension accepted for the noisy quadratic model.
pub const MAX_DIM: usize = 100_000;
/// Default dimension of the noisy quadratic model.
pub const DEFAULT_NQM_DIM: usize = 100;

fn default_a() -> f64 {
    quadratic::DEFAULT_A
}
fn default_b() -> f64 {
    quadratic::DEFAULT_B
}
fn default_dim() -> usize {
    DEFAULT_NQM_DIM
}

/// A loss surface. JSON form (as in the reference vectors): `{"name": "quadratic", "a": 1.0,
/// "b": 10.0}`, `{"name": "rosenbrock"}`, `{"name": "noisy_quadratic", "dim": 100}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "name", rename_all = "snake_case", deny_unknown_fields)]
pub enum Surface {
    /// `0.5 * (a * x**2 + b * y**2)`; minimum 0 at the origin when `a, b > 0`.
    Quadratic {
        /// `a`: the curvature along x; default `1.0`.
        #[serde(default = "default_a")]
        a: f64,
        /// `b`: the curvature along y; default `10.0` (condition number `b/a`).
        #[serde(default = "default_b")]
        b: f64,
    },
    /// `(1 - x)**2 + 100 * (y - x**2)**2`; minimum 0 at (1, 1).
    Rosenbrock,
    /// `(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2`; minimum 0 at (3, 0.5).
    Beale,
    /// `(x**2 + y - 11)**2 + (x + y**2 - 7)**2`; four minima with value 0, one at (3, 2).
    Himmelblau,
    /// `20 + x**2 - 10*cos(two_pi*x) + y**2 - 10*cos(two_pi*y)`; minimum 0 at the origin, a
    /// local minimum near every integer point.
    Rastrigin,
    /// `0.5 * (x**2 - y**2)`; unbounded below, a saddle point (no minimum) at the origin.
    Saddle,
    /// `(x + 2*y - 7)**2 + (2*x + y - 5)**2`; minimum 0 at (1, 3).
    Booth,
    /// `0.5 * ((x**4 - 16*x**2 + 5*x) + (y**4 - 16*y**2 + 5*y))`; minimum ≈ −78.33233 at
    /// x = y ≈ −2.903534.
    StyblinskiTang,
    /// `0.5 · Σᵢ hᵢ·pᵢ²` with `hᵢ = 1/i` in `dim` dimensions; minimum 0 at the origin.
    NoisyQuadratic {
        /// `dim`: the number of dimensions `d`; default `100`, at most [`MAX_DIM`].
        #[serde(default = "default_dim")]
        dim: usize,
    },
}

/// One numeric parameter of a surface, for forms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SurfaceParam {
    /// The JSON key (`"a"`, `"b"`, `"dim"`).
    pub name: &'static str,
    /// Its default value.
    pub default: f64,
    /// One line on what it does, for forms.
    pub description: &'static str,
}

/// One row of the surface name table (for dropdowns and parsers).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SurfaceInfo {
    /// The name used in JSON and URLs (`"styblinski_tang"`).
    pub name: &'static str,
    /// Display title.
    pub title: &'static str,
    /// The formula (torch syntax, as in the reference generator).
    pub expression: &'static str,
    /// The numeric parameters (empty for the fixed surfaces).
    pub params: &'static [SurfaceParam],
}

/// Every surface, in display order.
pub const SURFACES: &[SurfaceInfo] = &[
    SurfaceInfo {
        name: "quadratic",
        title: "Quadratic bowl",
        expression: "0.5 * (a * x**2 + b * y**2)",
        params: &[
            SurfaceParam { name: "a", default: quadratic::DEFAULT_A, description: "curvature along x" },
            SurfaceParam { name: "b", default: quadratic::DEFAULT_B, description: "curvature along y (condition number b/a)" },
        ],
    },
    SurfaceInfo {
        name: "rosenbrock",
        title: "Rosenbrock",
        expression: "(1 - x)**2 + 100 * (y - x**2)**2",
        params: &[],
    },
    SurfaceInfo {
        name: "beale",
        title: "Beale",
        expression: "(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2",
        params: &[],
    },
    SurfaceInfo {
        name: "himmelblau",
        title: "Himmelblau",
        expression: "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
        params: &[],
    },
    SurfaceInfo {
        name: "rastrigin",
        title: "Rastrigin",
        expression: "20 + x**2 - 10*cos(two_pi*x) + y**2 - 10*cos(two_pi*y)",
        params: &[],
    },
    SurfaceInfo { name: "saddle", title: "Saddle", expression: "0.5 * (x**2 - y**2)", params: &[] },
    SurfaceInfo { name: "booth", title: "Booth", expression: "(x + 2*y - 7)**2 + (2*x + y - 5)**2", params: &[] },
    SurfaceInfo {
        name: "styblinski_tang",
        title: "Styblinski–Tang",
        expression: "0.5 * ((x**4 - 16*x**2 + 5*x) + (y**4 - 16*y**2 + 5*y))",
        params: &[],
    },
    SurfaceInfo {
        name: "noisy_quadratic",
        title: "Noisy quadratic model",
        expression: "0.5 * sum(h_i * p_i**2), h_i = 1/i",
        params: &[SurfaceParam {
            name: "dim",
            default: DEFAULT_NQM_DIM as f64,
            description: "number of dimensions d (Hessian eigenvalues 1, 1/2, ..., 1/d)",
        }],
    },
];

/// An axis-aligned plotting box `[x.0, x.1] × [y.0, y.1]` (for the noisy quadratic model: its
/// first two coordinates).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Domain {
    /// `(x_min, x_max)`.
    pub x: (f64, f64),
    /// `(y_min, y_max)`.
    pub y: (f64, f64),
}

fn xy(p: &[f64]) -> (f64, f64) {
    (p.first().copied().unwrap_or(0.0), p.get(1).copied().unwrap_or(0.0))
}

impl Surface {
    /// The surface with its default parameters, by table name (exact, lower case).
    pub fn from_name(name: &str) -> Result<Surface> {
        Ok(match name {
            "quadratic" => Surface::Quadratic { a: quadratic::DEFAULT_A, b: quadratic::DEFAULT_B },
            "rosenbrock" => Surface::Rosenbrock,
            "beale" => Surface::Beale,
            "himmelblau" => Surface::Himmelblau,
            "rastrigin" => Surface::Rastrigin,
            "saddle" => Surface::Saddle,
            "booth" => Surface::Booth,
            "styblinski_tang" => Surface::StyblinskiTang,
            "noisy_quadratic" => Surface::NoisyQuadratic { dim: DEFAULT_NQM_DIM },
            other => {
                let names: Vec<&str> = SURFACES.iter().map(|s| s.name).collect();
                return Err(Error::invalid(
                    "surface.name",
                    format!("unknown surface {other:?}; known: {}", names.join(", ")),
                ));
            }
        })
    }

    /// Reads the JSON form (`{"name": ..., params...}`) and validates it.
    pub fn from_json(v: &serde_json::Value) -> Result<Surface> {
        let name = v
            .get("name")
            .and_then(|n| n.as_str())
            .ok_or_else(|| Error::invalid("surface.name", "missing or not a string"))?;
        let mut s = Surface::from_name(name)?;
        let obj = v.as_object().ok_or_else(|| Error::invalid("surface", "not an object"))?;
        for (k, val) in obj {
            match (&mut s, k.as_str()) {
                (_, "name") => {}
                (Surface::Quadratic { a, .. }, "a") => *a = num(val, "surface.a")?,
                (Surface::Quadratic { b, .. }, "b") => *b = num(val, "surface.b")?,
                (Surface::NoisyQuadratic { dim }, "dim") => {
                    *dim = val
                        .as_u64()
                        .and_then(|d| usize::try_from(d).ok())
                        .ok_or_else(|| Error::invalid("surface.dim", "must be a positive integer"))?
                }
                (_, other) => {
                    return Err(Error::invalid(format!("surface.{other}"), format!("{name} has no parameter {other:?}")))
                }
            }
        }
        s.validate()?;
        Ok(s)
    }

    /// Checks the parameters: finite quadratic coefficients, `1 <= dim <= MAX_DIM`.
    pub fn validate(&self) -> Result<()> {
        match *self {
            Surface::Quadratic { a, b } => {
                if !a.is_finite() {
                    return Err(Error::invalid("surface.a", "must be finite"));
                }
                if !b.is_finite() {
                    return Err(Error::invalid("surface.b", "must be finite"));
                }
            }
            Surface::NoisyQuadratic { dim } => {
                if dim == 0 {
                    return Err(Error::invalid("surface.dim", "must be at least 1"));
                }
                if dim > MAX_DIM {
                    return Err(Error::Limit { what: "surface.dim".into(), limit: MAX_DIM });
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The JSON form (inverse of [`Surface::from_json`]).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// The table name (`"styblinski_tang"`).
    pub fn name(&self) -> &'static str {
        match self {
            Surface::Quadratic { .. } => "quadratic",
            Surface::Rosenbrock => "rosenbrock",
            Surface::Beale => "beale",
            Surface::Himmelblau => "himmelblau",
            Surface::Rastrigin => "rastrigin",
            Surface::Saddle => "saddle",
            Surface::Booth => "booth",
            Surface::StyblinskiTang => "styblinski_tang",
            Surface::NoisyQuadratic { .. } => "noisy_quadratic",
        }
    }

    /// The table row of this surface.
    pub fn info(&self) -> &'static SurfaceInfo {
        let name = self.name();
        SURFACES.iter().find(|s| s.name == name).unwrap_or(&SURFACES[0])
    }

    /// Number of coordinates.
    pub fn dim(&self) -> usize {
        match self {
            Surface::NoisyQuadratic { dim } => *dim,
            _ => 2,
        }
    }

    /// f(p).
    pub fn value(&self, p: &[f64]) -> f64 {
        let (x, y) = xy(p);
        match *self {
            Surface::Quadratic { a, b } => quadratic::value(a, b, x, y),
            Surface::Rosenbrock => rosenbrock::value(x, y),
            Surface::Beale => beale::value(x, y),
            Surface::Himmelblau => himmelblau::value(x, y),
            Surface::Rastrigin => rastrigin::value(x, y),
            Surface::Saddle => saddle::value(x, y),
            Surface::Booth => booth::value(x, y),
            Surface::StyblinskiTang => styblinski_tang::value(x, y),
            Surface::NoisyQuadratic { dim } => noisy_quadratic::value(&p[..p.len().min(dim)]),
        }
    }

    /// ∇f(p) written into `out` (the first `min(out.len(), dim)` entries; further entries are set
    /// to 0.0).
    pub fn gradient_into(&self, p: &[f64], out: &mut [f64]) {
        out.iter_mut().for_each(|o| *o = 0.0);
        let (x, y) = xy(p);
        let g = match *self {
            Surface::Quadratic { a, b } => quadratic::gradient(a, b, x, y),
            Surface::Rosenbrock => rosenbrock::gradient(x, y),
            Surface::Beale => beale::gradient(x, y),
            Surface::Himmelblau => himmelblau::gradient(x, y),
            Surface::Rastrigin => rastrigin::gradient(x, y),
            Surface::Saddle => saddle::gradient(x, y),
            Surface::Booth => booth::gradient(x, y),
            Surface::StyblinskiTang => styblinski_tang::gradient(x, y),
            Surface::NoisyQuadratic { dim } => {
                let n = dim.min(out.len());
                noisy_quadratic::gradient(p, &mut out[..n]);
                return;
            }
        };
        for (o, v) in out.iter_mut().zip(g) {
            *o = v;
        }
    }

    /// ∇f(p) as a new vector of length [`Surface::dim`].
    pub fn gradient(&self, p: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.dim()];
        self.gradient_into(p, &mut out);
        out
    }

    /// A mini-batch gradient: ∇f(p) plus Gaussian noise. For the noisy quadratic model the
    /// noise of coordinate i has standard deviation `noise_scale·sqrt(hᵢ/batch_size)` (∝ the
    /// curvature); for the 2-D surfaces it is isotropic, `noise_scale/sqrt(batch_size)`. A
    /// `batch_size` of 0 counts as 1; a `noise_scale` of 0 gives the exact gradient without
    /// drawing.
    pub fn noisy_gradient_into(&self, p: &[f64], rng: &mut Rng, batch_size: usize, noise_scale: f64, out: &mut [f64]) {
        if noise_scale == 0.0 {
            self.gradient_into(p, out);
            return;
        }
        match *self {
            Surface::NoisyQuadratic { dim } => {
                out.iter_mut().for_each(|o| *o = 0.0);
                let n = dim.min(out.len());
                noisy_quadratic::noisy_gradient(p, rng, batch_size, noise_scale, &mut out[..n]);
            }
            _ => {
                self.gradient_into(p, out);
                let std = noise_scale / (batch_size.max(1) as f64).sqrt();
                for o in out.iter_mut().take(2) {
                    *o += std * rng.normal();
                }
            }
        }
    }

    /// A sensible plotting box around the interesting region.
    pub fn domain(&self) -> Domain {
        let sym = |r: f64| Domain { x: (-r, r), y: (-r, r) };
        match self {
            Surface::Quadratic { .. } => sym(3.0),
            Surface::Rosenbrock => Domain { x: (-2.0, 2.0), y: (-1.0, 3.0) },
            Surface::Beale => sym(4.5),
            Surface::Himmelblau => sym(5.0),
            Surface::Rastrigin => sym(5.12),
            Surface::Saddle => sym(2.0),
            Surface::Booth => sym(10.0),
            Surface::StyblinskiTang => sym(5.0),
            Surface::NoisyQuadratic { .. } => sym(3.0),
        }
    }

    /// The known global minima (points of length [`Surface::dim`]); empty when the surface is
    /// unbounded below (saddle, or a quadratic with a non-positive coefficient).
    pub fn minima(&self) -> Vec<Vec<f64>> {
        let pts: &[[f64; 2]] = match *self {
            Surface::Quadratic { a, b } if a > 0.0 && b > 0.0 => &[[0.0, 0.0]],
            Surface::Quadratic { .. } | Surface::Saddle => &[],
            Surface::Rosenbrock => rosenbrock::MINIMA,
            Surface::Beale => beale::MINIMA,
            Surface::Himmelblau => himmelblau::MINIMA,
            Surface::Rastrigin => rastrigin::MINIMA,
            Surface::Booth => booth::MINIMA,
            Surface::StyblinskiTang => styblinski_tang::MINIMA,
            Surface::NoisyQuadratic { dim } => return vec![vec![0.0; dim]],
        };
        pts.iter().map(|p| p.to_vec()).collect()
    }

    /// The minimum value, if the surface is bounded below.
    pub fn min_value(&self) -> Option<f64> {
        self.minima().first().map(|p| self.value(p))
    }

    /// Stationary points that are not minima (the saddle's origin).
    pub fn saddle_points(&self) -> Vec<Vec<f64>> {
        match self {
            Surface::Saddle => saddle::STATIONARY.iter().map(|p| p.to_vec()).collect(),
            _ => Vec::new(),
        }
    }

    /// A start point for demos: a classic one per surface (the NQM starts at all ones).
    pub fn default_start(&self) -> Vec<f64> {
        match self {
            Surface::Quadratic { .. } => vec![2.5, 1.5],
            Surface::Rosenbrock => vec![-1.5, 2.0],
            Surface::Beale => vec![1.0, 1.5],
            Surface::Himmelblau => vec![0.0, 0.0],
            Surface::Rastrigin => vec![2.3, -1.7],
            Surface::Saddle => vec![1.5, 1e-3],
            Surface::Booth => vec![-6.0, -6.0],
            Surface::StyblinskiTang => vec![0.5, 0.5],
            Surface::NoisyQuadratic { dim } => vec![1.0; *dim],
        }
    }
}

fn num(v: &serde_json::Value, field: &str) -> Result<f64> {
    crate::py::json::json_to_float(v).ok_or_else(|| Error::invalid(field, "must be a number"))
}
