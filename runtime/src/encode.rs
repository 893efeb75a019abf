//! Percent-encoding of path segments and query components, and the serializer that turns a
//! query or header parameter into zero or more strings.

use std::fmt::{self, Write};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::ser::{self, Impossible, Serialize};

/// Everything but the RFC 3986 unreserved characters `A-Z a-z 0-9 - . _ ~` is escaped, `/`
/// included, so a value can never leave its path segment. The official Huawei Cloud SDKs send
/// path values encoded this way.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A `fmt::Write` that percent-encodes everything written through it into `out`, so a
/// `Display` value is encoded without an intermediate `String`.
pub(crate) struct EncodingWriter<'a> {
    pub(crate) out: &'a mut String,
}

impl Write for EncodingWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for chunk in utf8_percent_encode(s, COMPONENT) {
            self.out.push_str(chunk);
        }
        Ok(())
    }
}

/// Appends `value` percent-encoded as one component.
pub(crate) fn push_encoded(out: &mut String, value: &str) {
    for chunk in utf8_percent_encode(value, COMPONENT) {
        out.push_str(chunk);
    }
}

/// Why a query or header parameter could not be turned into text.
#[derive(Debug)]
pub(crate) struct ValueError(pub(crate) String);

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ValueError {}

impl ser::Error for ValueError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ValueError(msg.to_string())
    }
}

/// Calls `emit` once per value a query or header parameter stands for: nothing for `None` or
/// `()`, each element for a sequence, the text of a scalar otherwise (booleans as `true` and
/// `false`, unit enum variants by their serde name).
///
/// Hand-written because no maintained serializer has this shape: `serde_urlencoded` serializes
/// whole key-value maps and rejects a sequence as a value, and `serde_qs` writes `key[0]=...`,
/// which services such as Huawei Cloud's do not read.
pub(crate) fn for_each_value<V, F>(value: &V, emit: F) -> Result<(), ValueError>
where
    V: Serialize + ?Sized,
    F: FnMut(&str),
{
    let mut emit = emit;
    value.serialize(ValueSerializer {
        emit: &mut emit,
        nested: false,
    })
}

struct ValueSerializer<'a, F> {
    emit: &'a mut F,
    /// Inside a sequence, where another sequence is not allowed.
    nested: bool,
}

const NOT_SCALAR: &str = "expected a string, number, boolean, unit enum variant, `Option` or \
                          sequence of those";

impl<F: FnMut(&str)> ValueSerializer<'_, F> {
    fn display(self, value: impl fmt::Display) -> Result<(), ValueError> {
        // Numbers are short: format on the stack-sized buffer of a small String.
        let mut text = String::new();
        write!(text, "{value}").map_err(|_| ValueError("a value failed to format".into()))?;
        (self.emit)(&text);
        Ok(())
    }

    fn unsupported(what: &str) -> ValueError {
        ValueError(format!(
            "{what} cannot be a query or header value; {NOT_SCALAR}"
        ))
    }
}

impl<'a, F: FnMut(&str)> ser::Serializer for ValueSerializer<'a, F> {
    type Ok = ();
    type Error = ValueError;
    type SerializeSeq = SeqSerializer<'a, F>;
    type SerializeTuple = SeqSerializer<'a, F>;
    type SerializeTupleStruct = Impossible<(), ValueError>;
    type SerializeTupleVariant = Impossible<(), ValueError>;
    type SerializeMap = Impossible<(), ValueError>;
    type SerializeStruct = Impossible<(), ValueError>;
    type SerializeStructVariant = Impossible<(), ValueError>;

    fn serialize_bool(self, v: bool) -> Result<(), ValueError> {
        (self.emit)(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), ValueError> {
        self.display(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), ValueError> {
        self.display(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), ValueError> {
        self.display(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), ValueError> {
        self.display(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), ValueError> {
        self.display(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), ValueError> {
        self.display(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), ValueError> {
        self.display(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), ValueError> {
        self.display(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), ValueError> {
        self.display(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), ValueError> {
        self.display(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), ValueError> {
        self.display(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), ValueError> {
        self.display(v)
    }
    fn serialize_char(self, v: char) -> Result<(), ValueError> {
        (self.emit)(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), ValueError> {
        (self.emit)(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), ValueError> {
        Err(Self::unsupported("a byte array"))
    }
    fn serialize_none(self) -> Result<(), ValueError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), ValueError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), ValueError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), ValueError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), ValueError> {
        (self.emit)(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), ValueError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), ValueError> {
        Err(Self::unsupported("an enum variant with data"))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<SeqSerializer<'a, F>, ValueError> {
        if self.nested {
            return Err(Self::unsupported("a sequence inside a sequence"));
        }
        Ok(SeqSerializer { emit: self.emit })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqSerializer<'a, F>, ValueError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, ValueError> {
        Err(Self::unsupported("a tuple struct"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, ValueError> {
        Err(Self::unsupported("an enum variant with data"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, ValueError> {
        Err(Self::unsupported("a map"))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, ValueError> {
        Err(Self::unsupported("a struct"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, ValueError> {
        Err(Self::unsupported("an enum variant with data"))
    }
}

pub(crate) struct SeqSerializer<'a, F> {
    emit: &'a mut F,
}

impl<F: FnMut(&str)> ser::SerializeSeq for SeqSerializer<'_, F> {
    type Ok = ();
    type Error = ValueError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        value.serialize(ValueSerializer {
            emit: &mut *self.emit,
            nested: true,
        })
    }
    fn end(self) -> Result<(), ValueError> {
        Ok(())
    }
}

impl<F: FnMut(&str)> ser::SerializeTuple for SeqSerializer<'_, F> {
    type Ok = ();
    type Error = ValueError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), ValueError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values<V: Serialize + ?Sized>(value: &V) -> Result<Vec<String>, ValueError> {
        let mut out = Vec::new();
        for_each_value(value, |s| out.push(s.to_owned()))?;
        Ok(out)
    }

    #[test]
    fn scalars_options_and_sequences() {
        assert_eq!(values("a b").unwrap(), ["a b"]);
        assert_eq!(values(&7_u32).unwrap(), ["7"]);
        assert_eq!(values(&-1.5_f64).unwrap(), ["-1.5"]);
        assert_eq!(values(&true).unwrap(), ["true"]);
        assert_eq!(values(&None::<u8>).unwrap(), Vec::<String>::new());
        assert_eq!(values(&Some("x")).unwrap(), ["x"]);
        assert_eq!(values(&vec!["a", "b"]).unwrap(), ["a", "b"]);
        assert_eq!(values(&Some(vec![1, 2])).unwrap(), ["1", "2"]);
    }

    #[test]
    fn nested_and_structured_values_are_refused() {
        assert!(values(&vec![vec![1]]).is_err());
        let mut map = std::collections::BTreeMap::new();
        map.insert("k", "v");
        let err = values(&map).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("a map cannot be a query or header value")
        );
    }

    #[test]
    fn path_component_escapes_everything_reserved() {
        let mut out = String::new();
        write!(
            EncodingWriter { out: &mut out },
            "a/b?c#d%e f~g.h-i_j\u{e9}"
        )
        .unwrap();
        assert_eq!(out, "a%2Fb%3Fc%23d%25e%20f~g.h-i_j%C3%A9");
    }
}
