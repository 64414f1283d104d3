//! Which query parameters are V1 sub-resources (signed in CanonicalizedResource).
//!
//! The server's list is not published in full, and the SDKs' lists differ
//! (spec §1.5). We sort every name any official SDK signs into three classes:
//! - `Known`: in the documented list or in the lists of at least two SDKs;
//! - `Uncertain`: signed by only one SDK, or any other `x-oss-*` name (go2 signs
//!   every `x-oss-*` query key, py2/java2 do not);
//! - `No`: not a sub-resource.
//!
//! When the server's string is available, the diagnosis takes the server's word for
//! every parameter it signed; `Uncertain` parameters are otherwise included.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Known,
    Uncertain,
    No,
}

/// Names in the documented list or in two or more SDK lists (oss2, go1, java1, go2/py2/java2, C).
const KNOWN: &[&str] = &[
    "acl",
    "append",
    "asyncFetch",
    "bucketInfo",
    "callback",
    "callback-var",
    "cname",
    "comp",
    "continuation-token",
    "cors",
    "delete",
    "encryption",
    "endTime",
    "img",
    "inventory",
    "inventoryId",
    "lifecycle",
    "live",
    "location",
    "logging",
    "metaQuery",
    "objectMeta",
    "partNumber",
    "policy",
    "position",
    "qos",
    "qosInfo",
    "referer",
    "regionList",
    "replication",
    "replicationLocation",
    "replicationProgress",
    "requestPayment",
    "resourceGroup",
    "response-cache-control",
    "response-content-disposition",
    "response-content-encoding",
    "response-content-language",
    "response-content-type",
    "response-expires",
    "restore",
    "security-token",
    "sequential",
    "startTime",
    "stat",
    "status",
    "style",
    "styleName",
    "symlink",
    "tagging",
    "transferAcceleration",
    "uploadId",
    "uploads",
    "versionId",
    "versioning",
    "versions",
    "vod",
    "website",
    "worm",
    "wormExtend",
    "wormId",
    "cloudboxes",
    "x-oss-ac-forward-allow",
    "x-oss-ac-source-ip",
    "x-oss-ac-subnet-mask",
    "x-oss-ac-vpc-id",
    "x-oss-async-process",
    "x-oss-process",
    "x-oss-request-payer",
    "x-oss-traffic-limit",
    "x-oss-write-get-object-response",
    "bucketArchiveDirectRead",
    "httpsConfig",
    "redundancyTransition",
    "x-oss-target-redundancy-type",
    "x-oss-redundancy-transition-taskid",
    "accessPoint",
    "accessPointPolicy",
    "publicAccessBlock",
];

/// Names only one SDK lists.
const ONE_SDK: &[&str] = &[
    "group",
    "link",
    "objectInfo",
    "udf",
    "udfName",
    "udfImage",
    "udfId",
    "udfImageDesc",
    "udfApplication",
    "udfApplicationLog",
    "withHashContext",
    "rtc",
    "responseHeader",
    "processConfiguration",
    "vpcip",
    "vip",
    "x-oss-dir",
    "x-oss-rename",
    "x-oss-delete",
    "policyStatus",
    "seal",
    "cleanRestoredObject",
    "requesterQosInfo",
    "qosRequester",
    "resourcePoolInfo",
    "resourcePool",
    "resourcePoolBuckets",
    "x-oss-access-point-name",
    "x-oss-sign-origin-only",
];

pub fn class(name: &[u8]) -> Class {
    let Ok(n) = std::str::from_utf8(name) else {
        return Class::No;
    };
    if KNOWN.contains(&n) {
        Class::Known
    } else if ONE_SDK.contains(&n) || n.starts_with("x-oss-") {
        Class::Uncertain
    } else {
        Class::No
    }
}

/// S3's sub-resources, as botocore's `HmacV1Auth.QSAOfInterest` lists them: only these
/// are signed in an S3-style V2 CanonicalizedResource.
const S3: &[&str] = &[
    "accelerate",
    "acl",
    "analytics",
    "cors",
    "defaultObjectAcl",
    "delete",
    "inventory",
    "lifecycle",
    "location",
    "logging",
    "metrics",
    "notification",
    "object-lock",
    "partNumber",
    "policy",
    "replication",
    "requestPayment",
    "response-cache-control",
    "response-content-disposition",
    "response-content-encoding",
    "response-content-language",
    "response-content-type",
    "response-expires",
    "restore",
    "select",
    "select-type",
    "storageClass",
    "tagging",
    "torrent",
    "uploadId",
    "uploads",
    "versionId",
    "versioning",
    "versions",
    "website",
];

/// The class of a query parameter in an S3-style V2 string: S3's list, nothing else.
pub fn class_s3(name: &[u8]) -> Class {
    if S3.iter().any(|n| n.as_bytes() == name) {
        Class::Known
    } else {
        Class::No
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn classes() {
        assert_eq!(class(b"acl"), Class::Known);
        assert_eq!(class(b"response-content-type"), Class::Known);
        assert_eq!(class(b"x-oss-foo"), Class::Uncertain);
        assert_eq!(class(b"OSSAccessKeyId"), Class::No);
        assert_eq!(class(b"Signature"), Class::No);
        assert_eq!(class(b"Expires"), Class::No);
        assert_eq!(class(b"prefix"), Class::No);
    }
}
