# Reference values for bench.WeightedF1: scikit-learn's
# f1_score(ref, pred, average="weighted", zero_division=0) on seeded random label lists.
# Regenerate with: /usr/bin/python3 testdata/weighted_f1.py > testdata/weighted_f1.json
# (Debian's python3-sklearn, scikit-learn 1.2.1.)
import json, random, sklearn
from sklearn.metrics import f1_score

occupations = ['chief', 'assistant', 'janitor', 'accountant', 'nurse', 'mechanic', 'cook', 'ceo', 'clerk',
               'driver', 'tailor', 'guard', 'writer', 'baker', 'editor', 'lawyer', 'farmer', 'sheriff',
               'analyst', 'mover', 'cashier', 'teacher', 'designer', 'auditor', 'cleaner', 'counselor',
               'developer', 'manager', 'salesperson', 'physician', 'laborer', 'carpenter', 'secretary',
               'receptionist', 'librarian', 'hairdresser', 'housekeeper', 'supervisor', 'attendant',
               'construction worker', '', 'the nurse', 'Nurse']
rng = random.Random(20261201)
cases = [
    {'ref': ['a', 'b', 'a', 'c'], 'pred': ['a', 'b', 'c', 'c']},
    {'ref': ['a', 'a'], 'pred': ['b', 'b']},
    {'ref': ['nurse'], 'pred': ['nurse']},
    {'ref': ['nurse', 'chief'], 'pred': ['', '']},
]
for size, labels, hit in [(10, 3, 0.5), (50, 8, 0.7), (200, 20, 0.6), (400, 43, 0.8), (1000, 43, 0.3), (129, 43, 0.9)]:
    ref = [rng.choice(occupations[:labels]) for _ in range(size)]
    pred = [r if rng.random() < hit else rng.choice(occupations) for r in ref]
    cases.append({'ref': ref, 'pred': pred})
for c in cases:
    c['f1'] = f1_score(c['ref'], c['pred'], average='weighted', zero_division=0)
print(json.dumps({'sklearn': sklearn.__version__, 'cases': cases}))
