#!/usr/bin/env python3
"""Cross-check the PostObject vectors (tools/vectors-post.json, written by
`node tools/node/gen_post.js --count 0 --vectors` with ali-oss 6.23.0) with the Python SDK
alibabacloud-oss-v2 (pip install alibabacloud-oss-v2; checked with 1.4.1): its V1 and V4
signers' `_calc_signature` over the base64 policy, with the credential's date and region
for V4. Also checks that the policy is base64 of the compact policy JSON. Exit 1 on any
disagreement.

    python3 tools/check_post_pyv2.py [tools/vectors-post.json]
"""
import base64
import json
import sys

from alibabacloud_oss_v2.signer.v1 import SignerV1
from alibabacloud_oss_v2.signer.v4 import SignerV4

path = sys.argv[1] if len(sys.argv) > 1 else 'tools/vectors-post.json'
bad = 0
vs = json.load(open(path, encoding='utf-8'))
for v in vs:
    if base64.b64encode(v['policy_json'].encode()).decode() != v['policy']:
        print('policy is not base64 of its JSON:', v['policy'][:40])
        bad += 1
    if v['v4']:
        got = SignerV4()._calc_signature(v['secret'], v['x_oss_date'][:8], v['region'], 'oss', v['policy'])
    else:
        got = SignerV1()._calc_signature(v['secret'], v['policy'])
    if got != v['signature']:
        print('differs:', 'v4' if v['v4'] else 'v1', v['signature'], got)
        bad += 1
print('%d vectors, %d disagree' % (len(vs), bad))
sys.exit(1 if bad else 0)
