//! `#[query(flatten)]`: a struct or map whose fields each become query parameters, so that an
//! operation with many optional filters takes one filter value instead of a parameter each.

use serde::ser::{self, Impossible, Serialize};

use crate::encode::{ValueError, for_each_value};

/// Calls `emit(key, value)` for each value of each field of `value`, in field order: a field
/// holding `None` gives nothing, a sequence one pair per element, a scalar one pair. `None`
/// for the whole value gives nothing.
pub(crate) fn for_each_pair<V, F>(value: &V, mut emit: F) -> Result<(), ValueError>
where
    V: Serialize + ?Sized,
    F: FnMut(&str, &str),
{
    value.serialize(Fields { emit: &mut emit })
}

const EXPECTED: &str = "`#[query(flatten)]` takes a struct or a map of query parameters";

fn unsupported(what: &str) -> ValueError {
    ValueError(format!(
        "{what} cannot be flattened into query parameters; {EXPECTED}"
    ))
}

struct Fields<'a, F> {
    emit: &'a mut F,
}

impl<'a, F: FnMut(&str, &str)> ser::Serializer for Fields<'a, F> {
    type Ok = ();
    type Error = ValueError;
    type SerializeSeq = Impossible<(), ValueError>;
    type SerializeTuple = Impossible<(), ValueError>;
    type SerializeTupleStruct = Impossible<(), ValueError>;
    type SerializeTupleVariant = Impossible<(), ValueError>;
    type SerializeMap = MapFields<'a, F>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), ValueError>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, ValueError> {
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapFields<'a, F>, ValueError> {
        Ok(MapFields {
            emit: self.emit,
            key: None,
        })
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
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), ValueError> {
        value.serialize(self)
    }
    fn serialize_bool(self, _: bool) -> Result<(), ValueError> {
        Err(unsupported("a boolean"))
    }
    fn serialize_i8(self, _: i8) -> Result<(), ValueError> {
        Err(unsupported("a number"))
    }
    fn serialize_i16(self, _: i16) -> Result<(), ValueError> {
        Err(unsupported("a number"))
    }
    fn serialize_i32(self, _: i32) -> Result<(), ValueError> {
        Err(unsupported("a number"))
    }
    fn serialize_i64(self, _: i64) -> Result<(), ValueError> {
        Err(unsupported("a number"))
    }
    fn serialize_u8(self, _: u8) -> Result<(), ValueError> {
        Err(unsupported("a number"))
    }
    fn serialize_u16(self, _: u16) -> Result<(), ValueError> {
        Err(unsupported("a number"))
    }
    fn serialize_u32(self, _: u32) -> Result<(), ValueError> {
        Err(unsupported("a number"))
    }
    fn serialize_u64(self, _: u64) -> Result<(), ValueError> {
        Err(unsupported("a number"))
    }
    fn serialize_f32(self, _: f32) -> Result<(), ValueError> {
        Err(unsupported("a number"))
    }
    fn serialize_f64(self, _: f64) -> Result<(), ValueError> {
        Err(unsupported("a number"))
    }
    fn serialize_char(self, _: char) -> Result<(), ValueError> {
        Err(unsupported("a character"))
    }
    fn serialize_str(self, _: &str) -> Result<(), ValueError> {
        Err(unsupported("a string"))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), ValueError> {
        Err(unsupported("a byte array"))
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), ValueError> {
        Err(unsupported("an enum variant"))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), ValueError> {
        Err(unsupported("an enum variant"))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, ValueError> {
        Err(unsupported("a sequence"))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, ValueError> {
        Err(unsupported("a tuple"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, ValueError> {
        Err(unsupported("a tuple struct"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, ValueError> {
        Err(unsupported("an enum variant"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, ValueError> {
        Err(unsupported("an enum variant"))
    }
}

impl<F: FnMut(&str, &str)> ser::SerializeStruct for Fields<'_, F> {
    type Ok = ();
    type Error = ValueError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ValueError> {
        let emit = &mut *self.emit;
        for_each_value(value, |text| emit(key, text)).map_err(|e| in_field(key, e))
    }
    fn end(self) -> Result<(), ValueError> {
        Ok(())
    }
}

struct MapFields<'a, F> {
    emit: &'a mut F,
    key: Option<String>,
}

impl<F: FnMut(&str, &str)> ser::SerializeMap for MapFields<'_, F> {
    type Ok = ();
    type Error = ValueError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ValueError> {
        let mut text = None;
        for_each_value(key, |k| text = Some(k.to_owned()))?;
        self.key = Some(text.ok_or_else(|| unsupported("a map with an empty key"))?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ValueError> {
        let key = self.key.take().expect("serde calls serialize_key first");
        let emit = &mut *self.emit;
        for_each_value(value, |text| emit(&key, text)).map_err(|e| in_field(&key, e))
    }
    fn end(self) -> Result<(), ValueError> {
        Ok(())
    }
}

fn in_field(key: &str, error: ValueError) -> ValueError {
    ValueError(format!("field `{key}`: {}", error.0))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    fn pairs<V: Serialize + ?Sized>(value: &V) -> Result<Vec<(String, String)>, ValueError> {
        let mut out = Vec::new();
        for_each_pair(value, |k, v| out.push((k.to_owned(), v.to_owned())))?;
        Ok(out)
    }

    #[derive(Serialize)]
    struct Filter<'a> {
        #[serde(rename = "user_name")]
        name: Option<&'a str>,
        limit: u32,
        ids: &'a [&'a str],
        disabled: Option<bool>,
    }

    #[test]
    fn fields_become_pairs() {
        let filter = Filter {
            name: Some("a b"),
            limit: 10,
            ids: &["x", "y"],
            disabled: None,
        };
        let expected = [
            ("user_name", "a b"),
            ("limit", "10"),
            ("ids", "x"),
            ("ids", "y"),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(pairs(&filter).unwrap(), expected);
        assert_eq!(pairs(&Some(&filter)).unwrap(), expected);
        assert!(pairs(&None::<Filter>).unwrap().is_empty());
        let map = BTreeMap::from([("k", vec![1, 2])]);
        assert_eq!(
            pairs(&map).unwrap(),
            [("k".into(), "1".into()), ("k".into(), "2".into())]
        );
    }

    #[test]
    fn scalars_and_nested_structs_are_refused() {
        assert!(
            pairs("text")
                .unwrap_err()
                .0
                .contains("a string cannot be flattened")
        );
        #[derive(Serialize)]
        struct Outer {
            inner: BTreeMap<&'static str, u8>,
        }
        let error = pairs(&Outer {
            inner: BTreeMap::new(),
        })
        .unwrap_err();
        assert!(
            error.0.starts_with("field `inner`: a map cannot be"),
            "{}",
            error.0
        );
    }
}
