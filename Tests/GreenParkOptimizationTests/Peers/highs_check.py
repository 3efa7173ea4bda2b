#!/usr/bin/env python3
"""Solves the programs of a JSON file with HiGHS (through scipy) and prints their objectives.

Input: a JSON list of models as GreenParkOptimizationTests' ScheduleModel writes them:
{"seed", "sense": "minimise" | "maximise", "variables": [{"name", "lower", "upper",
"objective", "integer"}], "rows": [{"name", "columns", "coefficients", "lower", "upper"}]},
a bound of null (or absent) being infinite. Output: a JSON list, one {"seed", "status", "objective",
"message"} per model; status 0 is optimal. Linear programs go to scipy.optimize.linprog
(method "highs"), programs with an integer variable to scipy.optimize.milp with a relative
gap of 1e-9 (HiGHS's default, 1e-4, would stop short of the optimum).
"""
import json
import sys

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix


def bound(value, infinite):
    return infinite if value is None else float(value)


def solve(model):
    variables, rows = model["variables"], model["rows"]
    sign = -1.0 if model["sense"] == "maximise" else 1.0
    c = sign * np.array([v["objective"] for v in variables], dtype=float)
    lower = np.array([bound(v.get("lower"), -np.inf) for v in variables])
    upper = np.array([bound(v.get("upper"), np.inf) for v in variables])
    data, indices, pointers = [], [], [0]
    for row in rows:
        data += row["coefficients"]
        indices += row["columns"]
        pointers.append(len(data))
    matrix = csr_matrix((data, indices, pointers), shape=(len(rows), len(variables)))
    row_lower = np.array([bound(r.get("lower"), -np.inf) for r in rows])
    row_upper = np.array([bound(r.get("upper"), np.inf) for r in rows])
    if any(v["integer"] for v in variables):
        integrality = np.array([1 if v["integer"] else 0 for v in variables])
        result = milp(c, constraints=LinearConstraint(matrix, row_lower, row_upper), integrality=integrality,
                      bounds=Bounds(lower, upper), options={"mip_rel_gap": 1e-9})
    else:
        # linprog takes A_ub x <= b_ub and A_eq x = b_eq: equal bounds are an equality, a finite
        # upper bound a row as it is, a finite lower bound the row negated.
        equal = row_lower == row_upper
        above = ~equal & np.isfinite(row_upper)
        below = ~equal & np.isfinite(row_lower)
        a_ub = np.vstack([matrix[above].toarray(), -matrix[below].toarray()])
        b_ub = np.concatenate([row_upper[above], -row_lower[below]])
        result = linprog(c, A_ub=a_ub if len(b_ub) else None, b_ub=b_ub if len(b_ub) else None,
                         A_eq=matrix[equal].toarray() if equal.any() else None,
                         b_eq=row_lower[equal] if equal.any() else None,
                         bounds=list(zip(lower, upper)), method="highs")
    objective = None if result.fun is None else sign * float(result.fun)
    return {"seed": model["seed"], "status": int(result.status), "objective": objective,
            "message": str(result.message)}


def main():
    with open(sys.argv[1], encoding="utf-8") as file:
        models = json.load(file)
    json.dump([solve(model) for model in models], sys.stdout)


if __name__ == "__main__":
    main()
