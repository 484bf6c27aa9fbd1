// The text a new, empty policy starts from: a header that compiles clean as it stands
// (the id's parts must be names, not keywords), for staff to fill in.
export const NEW_POLICY = `policy local.draft "新政策" {
  region "地区"
  effective 2024-01-01
  source "文件名.txt"
}
`;
