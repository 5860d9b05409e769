//! Rule ids as a type: a check names its rule by variant, so a misspelt id does not compile.
//! The spelling users search for and CI matches on is [`RuleId::as_str`].

use std::fmt;

/// Declares the ids, each with its kebab-case spelling, and the list of all of them.
macro_rules! rule_ids {
    (
        table { $($variant:ident = $spelling:literal,)* }
        elsewhere { $($other:ident = $other_spelling:literal,)* }
    ) => {
        /// A rule's id; the severity and summary of the validation rules are in `rules::table`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RuleId {
            $($variant,)*
            $($other,)*
        }

        impl RuleId {
            /// The ids of the rule table, in its order.
            pub const TABLE: &[RuleId] = &[$(RuleId::$variant,)*];

            /// Every id.
            pub const ALL: &[RuleId] = &[$(RuleId::$variant,)* $(RuleId::$other,)*];

            /// The id as shown and matched on, e.g. `body-length`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $spelling,)*
                    $(RuleId::$other => $other_spelling,)*
                }
            }
        }
    };
}

rule_ids! {
    table {
    Io = "io",
    YamlSyntax = "yaml-syntax",
    InputLimit = "input-limit",
    DocumentShape = "document-shape",
    EmptyFile = "empty-file",
    UnknownKey = "unknown-key",
    UnknownValue = "unknown-value",
    MissingKey = "missing-key",
    LanguagesShape = "languages-shape",
    Type = "type",
    NameFormat = "name-format",
    NameLength = "name-length",
    LanguageUnknown = "language-unknown",
    LanguagesCategory = "languages-category",
    LanguagesOtpText = "languages-otp-text",
    CategoryUnknown = "category-unknown",
    DuplicateTemplate = "duplicate-template",
    TtlRange = "ttl-range",
    SubCategoryUnknown = "sub-category-unknown",
    AllowCategoryChange = "allow-category-change",
    ParameterFormatMismatch = "parameter-format-mismatch",
    ComponentsMissing = "components-missing",
    BodyMissing = "body-missing",
    ComponentDuplicate = "component-duplicate",
    ComponentOrder = "component-order",
    HeaderTextMissing = "header-text-missing",
    HeaderTextLength = "header-text-length",
    HeaderTextFormat = "header-text-format",
    HeaderFieldUnexpected = "header-field-unexpected",
    HeaderVariables = "header-variables",
    HeaderHandleMissing = "header-handle-missing",
    HeaderHandleFormat = "header-handle-format",
    MediaFile = "media-file",
    MediaType = "media-type",
    MediaSize = "media-size",
    HeaderLocationCategory = "header-location-category",
    BodyTextMissing = "body-text-missing",
    BodyLength = "body-length",
    BodyDanglingVariable = "body-dangling-variable",
    BodyAdjacentVariables = "body-adjacent-variables",
    BodyTooManyVariables = "body-too-many-variables",
    FooterTextMissing = "footer-text-missing",
    FooterTextLength = "footer-text-length",
    FooterVariables = "footer-variables",
    VariableFormat = "variable-format",
    VariableSequence = "variable-sequence",
    VariableDuplicate = "variable-duplicate",
    VariableMixed = "variable-mixed",
    ExampleMissing = "example-missing",
    ExampleCount = "example-count",
    ExampleNames = "example-names",
    ExampleShape = "example-shape",
    ExampleUnused = "example-unused",
    ButtonsEmpty = "buttons-empty",
    ButtonsCount = "buttons-count",
    ButtonTypeCount = "button-type-count",
    ButtonTextEmpty = "button-text-empty",
    ButtonTextLength = "button-text-length",
    QuickReplyGrouping = "quick-reply-grouping",
    UrlLength = "url-length",
    UrlFormat = "url-format",
    UrlVariable = "url-variable",
    UrlExampleMissing = "url-example-missing",
    UrlExampleUnused = "url-example-unused",
    PhoneLength = "phone-length",
    PhoneFormat = "phone-format",
    CopyCodeLength = "copy-code-length",
    CopyCodeLong = "copy-code-long",
    FlowTarget = "flow-target",
    FlowAction = "flow-action",
    FlowIcon = "flow-icon",
    FlowJson = "flow-json",
    VoiceCallTtl = "voice-call-ttl",
    AuthHeaderNotAllowed = "auth-header-not-allowed",
    AuthBodyText = "auth-body-text",
    AuthFooterText = "auth-footer-text",
    AuthOtpButton = "auth-otp-button",
    AuthOnlyField = "auth-only-field",
    CodeExpirationRange = "code-expiration-range",
    OtpButtonCategory = "otp-button-category",
    OtpSupportedAppsRequired = "otp-supported-apps-required",
    OtpZeroTapTerms = "otp-zero-tap-terms",
    OtpSupportedAppsCount = "otp-supported-apps-count",
    OtpPackageNameLength = "otp-package-name-length",
    OtpSignatureHashLength = "otp-signature-hash-length",
    CarouselCategory = "carousel-category",
    CarouselCardCount = "carousel-card-count",
    CarouselExtraComponent = "carousel-extra-component",
    CarouselCardComponent = "carousel-card-component",
    CarouselCardHeader = "carousel-card-header",
    CarouselCardMismatch = "carousel-card-mismatch",
    CarouselCardButtons = "carousel-card-buttons",
    LtoCategory = "lto-category",
    LtoFooter = "lto-footer",
    LtoTextLength = "lto-text-length",
    CallPermissionCategory = "call-permission-category",
    CallPermissionButtons = "call-permission-buttons",
    LibraryInputsWithoutName = "library-inputs-without-name",
    LibraryButtonInputsShape = "library-button-inputs-shape",
    GroupName = "group-name",
    GroupDescriptionLength = "group-description-length",
    GroupNoTemplates = "group-no-templates",
    GroupPatternUnmatched = "group-pattern-unmatched",
    GroupOverlap = "group-overlap",
    }
    // Reported about the project file, which the rule table does not cover.
    elsewhere {
        ProjectFile = "project-file",
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
