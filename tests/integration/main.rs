mod corpus;
mod validate;

fn main() {}
